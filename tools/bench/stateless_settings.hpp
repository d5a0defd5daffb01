#pragma once

#include "bench/bench_mode.hpp"
#include "bench/report_line.hpp"
#include "bench/stateless_options.hpp"

namespace weir::bench {

/// Adds the settings of a `weir-bench stateless` run in `mode` to its line: `mode=` first, the
/// workload, then (unless the plain loop ran alone) the job's settings; `cross_all=yes` when
/// set, and for a cluster `processes` and `slots_per_process`.
void add_stateless_settings(report_line& line, const stateless_options& options,
                            bench_mode mode);

/// Slots each process offers so that `options.processes` processes hold every subtask:
/// ceil(parallelism / processes).
[[nodiscard]] int slots_per_process(const stateless_options& options) noexcept;

} // namespace weir::bench
