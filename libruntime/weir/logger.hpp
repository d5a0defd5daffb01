#pragma once

#include <memory>
#include <string>

#include <spdlog/spdlog.h>

namespace weir {

/// The named logger of one component ("weir.job", "weir.task", ...), writing to stderr.
/// Level from the WEIR_LOG_LEVEL environment variable (trace, debug, info, warn, error, off);
/// default warn, so a job's own output stays clean. Thread-safe.
[[nodiscard]] std::shared_ptr<spdlog::logger> logger(const std::string& component);

} // namespace weir
