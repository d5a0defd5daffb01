#include "weir/metrics/histogram.hpp"

#include <bit>
#include <cmath>

namespace weir::metrics {

// Values below 2^(sub_bits+1) map to themselves. Above, a value with its highest bit at
// position m keeps its top sub_bits+1 bits: shift e = m - sub_bits, index e * 64 + (v >> e),
// where v >> e lies in [64, 128). So consecutive octaves occupy consecutive index ranges.
std::size_t histogram::index_of(std::uint64_t v) noexcept {
  constexpr std::uint64_t exact = 2u << sub_bits;
  if (v < exact)
    return static_cast<std::size_t>(v);
  auto msb = 63 - std::countl_zero(v);
  auto e = static_cast<std::size_t>(msb - sub_bits);
  return e * (1u << sub_bits) + static_cast<std::size_t>(v >> e);
}

void histogram::merge(const histogram& other) noexcept {
  for (std::size_t i = 0; i < bucket_count; ++i)
    buckets_[i] += other.buckets_[i];
  count_ += other.count_;
  sum_ += other.sum_;
  min_ = other.min_ < min_ ? other.min_ : min_;
  max_ = other.max_ > max_ ? other.max_ : max_;
}

std::uint64_t histogram::quantile(double q) const noexcept {
  if (count_ == 0)
    return 0;
  auto rank = static_cast<std::uint64_t>(std::ceil(q * static_cast<double>(count_)));
  if (rank == 0)
    rank = 1;
  std::uint64_t seen = 0;
  constexpr std::size_t exact = 2u << sub_bits;
  for (std::size_t i = 0; i < bucket_count; ++i) {
    seen += buckets_[i];
    if (seen < rank)
      continue;
    if (i < exact)
      return i;
    // Inverse of index_of: i = e * 64 + s with s in [64, 128).
    auto e = i / (1u << sub_bits) - 1;
    auto s = i - e * (1u << sub_bits);
    auto low = static_cast<std::uint64_t>(s) << e;
    return low + ((std::uint64_t{1} << e) >> 1);
  }
  return 0;
}

histogram_statistics histogram::statistics() const noexcept {
  histogram_statistics s;
  s.count = count_;
  if (count_ == 0)
    return s;
  s.min = min_;
  s.max = max_;
  s.mean = static_cast<double>(sum_) / static_cast<double>(count_);
  s.p50 = quantile(0.5);
  s.p95 = quantile(0.95);
  s.p99 = quantile(0.99);
  return s;
}

} // namespace weir::metrics
