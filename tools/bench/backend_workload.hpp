#pragma once

#include "bench/state_options.hpp"
#include "bench/state_run.hpp"

namespace weir::bench {

/// The state workload on a Weir keyed state backend of `options.backend`: a
/// value_state<double> "v"; per op, set_current_key(k) with the next key of the sequence, read
/// value() (absent = 0), update(value + 1). The backend is created before and destroyed after
/// the timed loop.
[[nodiscard]] state_run run_backend_workload(const state_options& options);

} // namespace weir::bench
