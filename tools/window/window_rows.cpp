#include "window/window_rows.hpp"

#include <algorithm>
#include <charconv>
#include <map>
#include <tuple>

namespace weir::window {

std::vector<window_row> number_firings(assigner_kind assigner,
                                       const std::vector<window_firing>& firings) {
  std::vector<window_row> rows;
  rows.reserve(firings.size());
  std::map<std::tuple<std::string, std::int64_t, std::int64_t>, std::int64_t> fired;
  for (const auto& f : firings) {
    if (assigner == assigner_kind::count) {
      auto n = fired[{f.key, 0, 0}]++;
      rows.push_back({f.key, n, n, n, f.result});
    } else {
      auto n = fired[{f.key, f.start, f.end}]++;
      rows.push_back({f.key, f.start, f.end, n, f.result});
    }
  }
  std::sort(rows.begin(), rows.end(), [](const window_row& a, const window_row& b) {
    return std::tie(a.key, a.start, a.end, a.fire_index)
           < std::tie(b.key, b.start, b.end, b.fire_index);
  });
  return rows;
}

std::string format_double(double value) {
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof buf, value);
  return std::string(buf, res.ptr);
}

std::string to_csv(const window_row& row) {
  return row.key + ',' + std::to_string(row.start) + ',' + std::to_string(row.end) + ','
         + std::to_string(row.fire_index) + ',' + format_double(row.result);
}

std::string to_csv(const window_record& record) {
  return record.key + ',' + std::to_string(record.timestamp_ms) + ','
         + format_double(record.value);
}

} // namespace weir::window
