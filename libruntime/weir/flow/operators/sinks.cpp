#include "weir/flow/operators/file_sink.hpp"
#include "weir/flow/operators/print_sink.hpp"

namespace weir::flow {

std::mutex& stdout_mutex() {
  static std::mutex m;
  return m;
}

std::filesystem::path sink_file_path(const std::string& path, int subtask, int parallelism) {
  if (parallelism <= 1)
    return path;
  return std::filesystem::path{path} / std::to_string(subtask + 1);
}

} // namespace weir::flow
