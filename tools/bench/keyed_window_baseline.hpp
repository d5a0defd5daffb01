#pragma once

#include "bench/keyed_window_options.hpp"
#include "bench/stateless_run.hpp"

namespace weir::bench {

/// The keyed window workload as the plain single-threaded loop a C++ engineer would write:
/// generate, convert to °C, and keep one std::unordered_map of running sums per key for the
/// current window; timestamps only rise, so when a reading falls past the window's end the
/// window has closed: every key seen in it emits its average (counted and summed like a
/// sink would), keys not seen in it are erased, the others reset in place. Reads `workload`
/// and `window_size`; always unthrottled.
[[nodiscard]] stateless_run run_keyed_window_baseline(const keyed_window_options& options);

} // namespace weir::bench
