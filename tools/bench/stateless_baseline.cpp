#include "bench/stateless_baseline.hpp"

#include <chrono>

#include "bench/materialize.hpp"
#include "bench/wall_clock.hpp"

namespace weir::bench {

stateless_run run_baseline(const stateless_options& options) {
  const auto w = options.workload;
  const auto slow_for = options.slow_sink;
  const bool slow = slow_for.count() > 0;
  std::uint64_t results = 0;
  std::int64_t checksum = 0;
  auto start = std::chrono::steady_clock::now();
  for (std::uint64_t i = 0; i < w.events; ++i) {
    auto reading = make_reading(i, w);
    materialize(reading);
    auto c = to_celsius(reading);
    if (!is_hot(c))
      continue;
    ++results;
    checksum += checksum_units(c);
    if (slow && results % 1024 == 0)
      busy_wait(slow_for);
  }
  return stateless_run::finished(start, results, checksum);
}

} // namespace weir::bench
