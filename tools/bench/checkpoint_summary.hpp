#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "bench/checkpoint_sample.hpp"
#include "bench/report_line.hpp"

namespace weir::bench {

/// Durations (trigger to completion) and sizes of the checkpoints a watch saw.
struct checkpoint_summary {
  std::size_t count = 0;
  double mean_ms = 0;
  double median_ms = 0;
  double max_ms = 0;
  double mean_bytes = 0;
  std::uint64_t max_bytes = 0;
  double mean_disk_bytes = 0;
  std::uint64_t max_disk_bytes = 0;

  /// Summarizes `samples`; all zero when empty.
  [[nodiscard]] static checkpoint_summary of(const std::vector<checkpoint_sample>& samples);

  /// Adds `<prefix>seen`, `<prefix>mean_ms`, `<prefix>median_ms`, `<prefix>max_ms`,
  /// `<prefix>mean_bytes`, `<prefix>max_bytes`, `<prefix>mean_disk_bytes`,
  /// `<prefix>max_disk_bytes` (prefix e.g. "checkpoint_").
  void add_to(report_line& line, std::string_view prefix) const;
};

} // namespace weir::bench
