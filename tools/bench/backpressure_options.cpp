#include "bench/backpressure_options.hpp"

namespace weir::bench {

std::optional<std::string> backpressure_options::validate() const {
  if (parallelism < 1)
    return "--parallelism must be at least 1";
  if (batch_size == 0)
    return "--batch-size must be at least 1";
  if (credits == 0)
    return "--credits must be at least 1";
  if (duration.count() < 1)
    return "--seconds must be at least 1";
  if (checkpoint_interval.count() < 1)
    return "--checkpoint-interval-ms must be at least 1";
  return std::nullopt;
}

} // namespace weir::bench
