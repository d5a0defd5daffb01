#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "bench/workload.hpp"

namespace weir::bench {

/// The checks the workload commands share: the workload's shape and the Weir settings every
/// job takes. The first invalid value, named as its command-line flag with the accepted range.
[[nodiscard]] std::optional<std::string>
check_job_settings(const workload_params& workload, int parallelism, std::size_t batch_size,
                   std::chrono::milliseconds buffer_timeout, std::uint32_t credits,
                   double rate);

} // namespace weir::bench
