#include "bench/stateless_options.hpp"

#include "bench/job_settings_check.hpp"

namespace weir::bench {

std::optional<std::string> stateless_options::validate() const {
  if (auto problem =
        check_job_settings(workload, parallelism, batch_size, buffer_timeout, credits, rate))
    return problem;
  if (slow_sink.count() < 0)
    return "--slow-sink-us must be 0 or more";
  return std::nullopt;
}

} // namespace weir::bench
