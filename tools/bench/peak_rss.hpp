#pragma once

#include <optional>

namespace weir::bench {

/// Peak resident set size of this process so far, in MiB (VmHWM of /proc/self/status), or
/// nothing where that file is unavailable.
[[nodiscard]] std::optional<double> peak_rss_mb();

} // namespace weir::bench
