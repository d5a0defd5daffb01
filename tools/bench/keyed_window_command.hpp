#pragma once

#include <iosfwd>

#include "bench/bench_mode.hpp"
#include "bench/keyed_window_options.hpp"

namespace weir::bench {

/// Runs the keyed window benchmark in `mode` and writes its one result line to `out`, with
/// the fields of `weir-bench stateless`: `events_per_sec=.. results=.. checksum=..` first
/// (results = window results, checksum = sum of their averages, as the integer sum of
/// average_units printed in degrees), then in compare mode `baseline_events_per_sec`,
/// `ratio` and `match`, then the settings, timings, latency percentiles of paced runs and
/// `peak_rss_mb`. Failures go to `err`. Returns the process exit code: 0, 1 if the job
/// failed, 2 if compare mode found Weir's results differing from the plain loop's. With a
/// checkpoint interval the line is run_keyed_window_checkpoint_command's.
int run_keyed_window_command(const keyed_window_options& options, bench_mode mode,
                             std::ostream& out, std::ostream& err);

} // namespace weir::bench
