#include "weir/flow/operators/file_sink.hpp"
#include "weir/flow/operators/print_sink.hpp"

namespace weir::flow {

std::mutex& stdout_mutex() {
  static std::mutex m;
  return m;
}

} // namespace weir::flow
