#pragma once

#include <optional>
#include <string_view>

#include "bench/report_line.hpp"

namespace weir::bench {

/// Peak resident set size of this process so far, in MiB (VmHWM of /proc/self/status), or
/// nothing where that file is unavailable.
[[nodiscard]] std::optional<double> peak_rss_mb();

/// Resets the peak to the current resident set size (writes 5 to /proc/self/clear_refs,
/// Linux 4.0 and later), so that the next peak_rss_mb() covers only what runs after it.
/// False if the kernel refused.
bool reset_peak_rss();

/// Adds `key=<MiB, one decimal>`, or `key=unknown` for a missing figure.
void add_peak_rss(report_line& line, std::optional<double> mb,
                  std::string_view key = "peak_rss_mb");

} // namespace weir::bench
