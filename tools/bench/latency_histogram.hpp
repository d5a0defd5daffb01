#pragma once

#include <array>
#include <cstdint>

namespace weir::bench {

/// Log-linear histogram of non-negative durations in nanoseconds (HdrHistogram's layout with
/// 64 sub-buckets per power of two): values below 128 ns are exact, larger ones within 1/64
/// (1.6%). Fixed size (about 30 KiB), so recording never allocates. One per sink instance,
/// touched by its task's thread; merged under the accumulator's lock at the end.
class latency_histogram {
public:
  /// Counts one value; negative values count as 0.
  void record(std::int64_t ns) noexcept {
    ++buckets_[index_of(ns < 0 ? 0 : static_cast<std::uint64_t>(ns))];
    ++count_;
  }
  void merge(const latency_histogram& other) noexcept;

  [[nodiscard]] std::uint64_t count() const noexcept { return count_; }
  /// The value at quantile `q` in [0, 1] (the middle of its bucket), in ns; 0 when empty.
  [[nodiscard]] std::uint64_t quantile(double q) const noexcept;

private:
  static constexpr int sub_bits = 6; // 64 sub-buckets per octave
  static constexpr std::size_t bucket_count = (64 - sub_bits) * (1u << sub_bits) + (2u << sub_bits);

  static std::size_t index_of(std::uint64_t v) noexcept;

  std::array<std::uint64_t, bucket_count> buckets_{};
  std::uint64_t count_ = 0;
};

} // namespace weir::bench
