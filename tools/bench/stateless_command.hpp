#pragma once

#include <iosfwd>

#include "bench/bench_mode.hpp"
#include "bench/stateless_options.hpp"

namespace weir::bench {

/// Runs the stateless benchmark in `mode` and writes its one result line to `out`:
/// `events_per_sec=.. results=.. checksum=..` first, then the settings, timings and
/// `peak_rss_mb`. Failures go to `err`. Returns the process exit code: 0, 1 if the job
/// failed, 2 if compare mode found Weir's results differing from the plain loop's.
int run_stateless_command(const stateless_options& options, bench_mode mode, std::ostream& out,
                          std::ostream& err);

} // namespace weir::bench
