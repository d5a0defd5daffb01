#include "bench/job_settings_check.hpp"

namespace weir::bench {

std::optional<std::string> check_job_settings(const workload_params& workload, int parallelism,
                                              std::size_t batch_size,
                                              std::chrono::milliseconds buffer_timeout,
                                              std::uint32_t credits, double rate) {
  if (workload.keys == 0)
    return "--keys must be at least 1";
  if (workload.events_per_ms == 0)
    return "--events-per-ms must be at least 1";
  if (parallelism < 1)
    return "--parallelism must be at least 1";
  if (batch_size == 0)
    return "--batch-size must be at least 1";
  if (buffer_timeout.count() < 0)
    return "--buffer-timeout-ms must be 0 (flush every record) or more";
  if (credits == 0)
    return "--credits must be at least 1";
  if (!(rate >= 0))
    return "--rate must be 0 (unthrottled) or a positive number of events per second";
  return std::nullopt;
}

} // namespace weir::bench
