#include "bench/keyed_window_baseline.hpp"

#include <algorithm>
#include <chrono>
#include <limits>
#include <unordered_map>

#include "bench/materialize.hpp"
#include "bench/window_average.hpp"

namespace weir::bench {

stateless_run run_keyed_window_baseline(const keyed_window_options& options) {
  const auto w = options.workload;
  const std::int64_t size = options.window_size.count();
  std::uint64_t results = 0;
  std::int64_t checksum = 0;
  auto start = std::chrono::steady_clock::now();
  std::unordered_map<std::uint64_t, average_accumulator> sums;
  sums.reserve(static_cast<std::size_t>(std::min<std::uint64_t>(w.keys, 1u << 20)));
  std::int64_t window_end = std::numeric_limits<std::int64_t>::min();
  // Emits the average of every key seen in the window ending at `end`; drops the others, so
  // the map holds only the keys of the last window.
  auto close_window = [&](std::int64_t end) {
    for (auto it = sums.begin(); it != sums.end();) {
      auto& acc = it->second;
      if (acc.count == 0) {
        it = sums.erase(it);
        continue;
      }
      window_average r{it->first, end, acc.sum / static_cast<double>(acc.count)};
      ++results;
      checksum += average_units(r);
      acc = {};
      ++it;
    }
  };
  for (std::uint64_t i = 0; i < w.events; ++i) {
    auto reading = make_reading(i, w);
    materialize(reading);
    auto c = to_celsius(reading);
    if (c.ts_ms >= window_end) {
      close_window(window_end);
      window_end = window_end_of(c.ts_ms, size);
    }
    auto& acc = sums[c.key];
    acc.sum += c.c;
    ++acc.count;
  }
  close_window(window_end); // end of input: the final watermark fires the last window
  return stateless_run::finished(start, results, checksum);
}

} // namespace weir::bench
