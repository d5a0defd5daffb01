#pragma once

#include <cstdint>
#include <iosfwd>

#include "bench/bench_mode.hpp"
#include "bench/stateless_options.hpp"

namespace weir::bench {

/// Settings of `weir-bench actor-source`: the stateless workload (parallelism 1, chained) fed
/// by a producer actor through an inlet, against the same job on generate().
struct actor_source_options {
  stateless_options stateless;
  /// configuration of the inlet: records buffered plus demand granted, at most.
  std::uint64_t capacity = 16384; // inlet_options{}.capacity
};

/// Writes `mode=loop loop_events_per_sec=...` (the plain loop; compare mode only), then the
/// compared line:
/// `events_per_sec` of the actor-source job, `baseline_events_per_sec` of the generate() job,
/// `ratio` (actor source / generate) and `match`. Returns the exit code (as run_compared).
int run_actor_source_command(const actor_source_options& options, bench_mode mode,
                             std::ostream& out, std::ostream& err);

} // namespace weir::bench
