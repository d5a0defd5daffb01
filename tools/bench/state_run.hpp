#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace weir::bench {

/// One timed run of the state workload, by a keyed state backend or by its baseline.
struct state_run {
  /// Wall time of the operations only: opening and closing the store are not in it.
  std::chrono::nanoseconds elapsed{0};
  /// Sum of the values read (0 for an absent key). Both sides read the same values if they
  /// implement the same semantics, so equal sums are the equivalence check of --compare; the
  /// values are small integers, so the double sum is exact.
  double checksum = 0;
  /// Peak RSS during the run, in MiB, where the kernel lets the peak be reset first.
  std::optional<double> peak_rss_mb;
  /// Set when the run failed (the store would not open, an operation threw ...).
  std::optional<std::string> failure;

  [[nodiscard]] double elapsed_seconds() const noexcept {
    return std::chrono::duration<double>(elapsed).count();
  }
  [[nodiscard]] double ops_per_sec(std::uint64_t ops) const noexcept {
    auto s = elapsed_seconds();
    return s > 0 ? static_cast<double>(ops) / s : 0.0;
  }
};

} // namespace weir::bench
