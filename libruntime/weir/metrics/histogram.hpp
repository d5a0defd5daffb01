#pragma once

#include <array>
#include <cstdint>
#include <limits>

namespace weir::metrics {

/// What a histogram says about the values it counted (Flink's HistogramStatistics).
struct histogram_statistics {
  std::uint64_t count = 0;
  std::uint64_t min = 0;
  std::uint64_t max = 0;
  double mean = 0;
  std::uint64_t p50 = 0;
  std::uint64_t p95 = 0;
  std::uint64_t p99 = 0;
};

/// Log-linear histogram of non-negative integers, e.g. durations in nanoseconds (HdrHistogram's
/// layout with 64 sub-buckets per power of two): values below 128 are exact, larger ones within
/// 1/64 (1.6%). Fixed size (about 30 KiB), so recording never allocates and costs an index
/// computation and two additions. Not thread-safe: one thread records (a task's), and others
/// read copies of it (metrics are sampled between two messages of the task).
class histogram {
public:
  /// Counts one value; negative values count as 0.
  void record(std::int64_t v) noexcept {
    auto u = v < 0 ? std::uint64_t{0} : static_cast<std::uint64_t>(v);
    ++buckets_[index_of(u)];
    ++count_;
    sum_ += u;
    min_ = u < min_ ? u : min_;
    max_ = u > max_ ? u : max_;
  }
  void merge(const histogram& other) noexcept;

  [[nodiscard]] std::uint64_t count() const noexcept { return count_; }
  /// The value at quantile `q` in [0, 1] (the middle of its bucket); 0 when empty.
  [[nodiscard]] std::uint64_t quantile(double q) const noexcept;
  /// Count, exact min, max and mean, and p50, p95, p99 within 1.6%.
  [[nodiscard]] histogram_statistics statistics() const noexcept;

private:
  static constexpr int sub_bits = 6; // 64 sub-buckets per octave
  static constexpr std::size_t bucket_count = (64 - sub_bits) * (1u << sub_bits) + (2u << sub_bits);

  static std::size_t index_of(std::uint64_t v) noexcept;

  std::array<std::uint64_t, bucket_count> buckets_{};
  std::uint64_t count_ = 0;
  std::uint64_t sum_ = 0;
  std::uint64_t min_ = std::numeric_limits<std::uint64_t>::max();
  std::uint64_t max_ = 0;
};

} // namespace weir::metrics
