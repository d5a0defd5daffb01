#pragma once

#include "bench/bench_mode.hpp"
#include "bench/keyed_window_options.hpp"
#include "bench/report_line.hpp"

namespace weir::bench {

/// Adds the settings of a `weir-bench keyed-window` run in `mode` to its line: `mode=` first,
/// the workload, then (unless the plain loop ran alone) the job's settings, and with
/// checkpoints `checkpoint_interval_ms` and `unaligned`.
void add_keyed_window_settings(report_line& line, const keyed_window_options& options,
                               bench_mode mode);

} // namespace weir::bench
