// expect: weir: for_generator expects a copyable object of a class derived from weir::watermark_generator<T>
#include "weir/api.hpp"
struct reading { long ts; };
struct not_a_generator { void on_periodic_emit(weir::watermark_output&) {} };
auto strategy() { return weir::watermark_strategy<reading>::for_generator(not_a_generator{}); }
