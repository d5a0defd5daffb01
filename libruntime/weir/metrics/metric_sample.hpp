#pragma once

#include <cstdint>
#include <string>

#include "weir/metrics/histogram.hpp"

namespace weir::metrics {

enum class metric_kind : std::uint8_t { counter, gauge, histogram };

/// One metric's value at the moment it was sampled. Plain data: it leaves the task's thread
/// (and, in a cluster, its process).
struct metric_sample {
  std::string name;
  metric_kind kind = metric_kind::counter;
  /// A counter's count or a gauge's value; for a histogram its count.
  double value = 0;
  /// Only for histograms.
  histogram_statistics statistics;
};

} // namespace weir::metrics
