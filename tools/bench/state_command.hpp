#pragma once

#include <iosfwd>

#include "bench/bench_mode.hpp"
#include "bench/state_options.hpp"

namespace weir::bench {

/// Runs the keyed-state benchmark in `mode` and writes its one result line to `out`:
/// `ops_per_sec=..` first (Weir's, or the baseline's in baseline mode), with --compare
/// `baseline_ops_per_sec=.. ratio=<weir/baseline> match=yes|no`, then the settings, the
/// checksum, timings and peak RSS. The baseline runs first; each side's peak RSS is its own
/// where the kernel lets the peak be reset. Failures go to `err`. Returns the process exit
/// code: 0, 1 if a run failed, 2 if compare mode found the two sides reading different values.
int run_state_command(const state_options& options, bench_mode mode, std::ostream& out,
                      std::ostream& err);

} // namespace weir::bench
