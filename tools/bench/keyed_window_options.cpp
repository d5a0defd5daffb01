#include "bench/keyed_window_options.hpp"

#include "bench/job_settings_check.hpp"

namespace weir::bench {

std::optional<std::string> keyed_window_options::validate() const {
  if (auto problem =
        check_job_settings(workload, parallelism, batch_size, buffer_timeout, credits, rate))
    return problem;
  if (window_size.count() < 1)
    return "--window-ms must be at least 1";
  if (watermark_interval.count() < 1)
    return "--watermark-interval-ms must be at least 1 (monotonous watermarks are periodic)";
  if (checkpoint_interval.count() < 0)
    return "--checkpoint-interval-ms must be 0 (no checkpoints) or more";
  if (unaligned && checkpoint_interval.count() == 0)
    return "--unaligned needs checkpoints: add --checkpoint-interval-ms";
  return std::nullopt;
}

} // namespace weir::bench
