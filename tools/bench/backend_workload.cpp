#include "bench/backend_workload.hpp"

#include <chrono>
#include <exception>

#include "bench/key_sequence.hpp"
#include "weir/state/make_keyed_state_backend.hpp"
#include "weir/state/state_exception.hpp"

namespace weir::bench {

state_run run_backend_workload(const state_options& options) {
  state_run run;
  auto last = static_cast<std::uint32_t>(options.max_parallelism - 1);
  state::keyed_state_backend_config config{{0, last}, options.max_parallelism, nullptr};
  auto backend = state::make_keyed_state_backend(options.backend, config, options.rocksdb);
  if (!backend) {
    run.failure = backend.err().to_string();
    return run;
  }
  auto& b = **backend;
  auto made = b.get_state(state::value_state_descriptor<double>{"v"});
  if (!made) {
    run.failure = made.err().to_string();
    return run;
  }
  auto& v = **made;
  key_sequence keys{options.keys, options.seed};
  double checksum = 0;
  auto start = std::chrono::steady_clock::now();
  try {
    for (std::uint64_t i = 0; i < options.ops; ++i) {
      if (auto set = b.set_current_key(keys.next()); !set) {
        run.failure = set.err().to_string();
        return run;
      }
      auto value = v.value().value_or(0.0);
      checksum += value;
      v.update(value + 1.0);
    }
  } catch (const std::exception& e) {
    run.failure = e.what();
    return run;
  }
  run.elapsed = std::chrono::steady_clock::now() - start;
  run.checksum = checksum;
  return run;
}

} // namespace weir::bench
