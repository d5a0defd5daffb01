#include "bench/checkpoint_summary.hpp"

#include <algorithm>
#include <string>

namespace weir::bench {

checkpoint_summary checkpoint_summary::of(const std::vector<checkpoint_sample>& samples) {
  checkpoint_summary s;
  s.count = samples.size();
  if (samples.empty())
    return s;
  std::vector<double> durations;
  double bytes = 0;
  double disk = 0;
  for (const auto& c : samples) {
    durations.push_back(c.duration_ms());
    bytes += static_cast<double>(c.bytes);
    disk += static_cast<double>(c.disk_bytes);
    s.max_bytes = std::max(s.max_bytes, c.bytes);
    s.max_disk_bytes = std::max(s.max_disk_bytes, c.disk_bytes);
  }
  std::sort(durations.begin(), durations.end());
  auto n = durations.size();
  double sum = 0;
  for (auto d : durations)
    sum += d;
  s.mean_ms = sum / static_cast<double>(n);
  s.median_ms = n % 2 ? durations[n / 2] : (durations[n / 2 - 1] + durations[n / 2]) / 2;
  s.max_ms = durations.back();
  s.mean_bytes = bytes / static_cast<double>(n);
  s.mean_disk_bytes = disk / static_cast<double>(n);
  return s;
}

void checkpoint_summary::add_to(report_line& line, std::string_view prefix) const {
  auto key = [&](const char* name) { return std::string{prefix} + name; };
  line.add(key("seen"), static_cast<std::uint64_t>(count))
    .add(key("mean_ms"), mean_ms, "%.1f")
    .add(key("median_ms"), median_ms, "%.1f")
    .add(key("max_ms"), max_ms, "%.1f")
    .add(key("mean_bytes"), mean_bytes, "%.0f")
    .add(key("max_bytes"), max_bytes)
    .add(key("mean_disk_bytes"), mean_disk_bytes, "%.0f")
    .add(key("max_disk_bytes"), max_disk_bytes);
}

} // namespace weir::bench
