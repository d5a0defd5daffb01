// expect: weir: with_timestamp_assigner expects `weir::event_time\(const T& record, weir::event_time previous\)`
#include "weir/api.hpp"
struct reading { double celsius; };
auto strategy() {
  return weir::watermark_strategy<reading>::for_monotonous_timestamps()
    .with_timestamp_assigner([](const reading& r) { return r.celsius; });
}
