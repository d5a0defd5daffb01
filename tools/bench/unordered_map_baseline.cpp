#include "bench/unordered_map_baseline.hpp"

#include <chrono>
#include <cstdint>
#include <unordered_map>

#include "bench/key_sequence.hpp"

namespace weir::bench {

state_run run_unordered_map_baseline(const state_options& options) {
  state_run run;
  std::unordered_map<std::int64_t, double> values;
  key_sequence keys{options.keys, options.seed};
  double checksum = 0;
  auto start = std::chrono::steady_clock::now();
  for (std::uint64_t i = 0; i < options.ops; ++i) {
    auto key = keys.next();
    auto it = values.find(key);
    auto value = it == values.end() ? 0.0 : it->second;
    checksum += value;
    values.insert_or_assign(key, value + 1.0);
  }
  run.elapsed = std::chrono::steady_clock::now() - start;
  run.checksum = checksum;
  return run;
}

} // namespace weir::bench
