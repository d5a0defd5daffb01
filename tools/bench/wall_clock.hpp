#pragma once

#include <chrono>
#include <cstdint>

namespace weir::bench {

/// Spins (without yielding the thread) for `duration`: the slow sink's stand-in for work.
inline void busy_wait(std::chrono::microseconds duration) {
  auto until = std::chrono::steady_clock::now() + duration;
  while (std::chrono::steady_clock::now() < until) {
  }
}

/// A steady_clock reading in nanoseconds, the unit of the latency stamps.
[[nodiscard]] inline std::int64_t steady_now_ns() noexcept {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
           std::chrono::steady_clock::now().time_since_epoch())
    .count();
}

} // namespace weir::bench
