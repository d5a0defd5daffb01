#pragma once

#include "bench/state_options.hpp"
#include "bench/state_run.hpp"

namespace weir::bench {

/// The heap backend's baseline: the state workload on a bare
/// std::unordered_map<std::int64_t, double>, per op a find (absent = 0) and an
/// insert_or_assign of value + 1, the read and the write a value_state makes.
[[nodiscard]] state_run run_unordered_map_baseline(const state_options& options);

} // namespace weir::bench
