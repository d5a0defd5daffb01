#pragma once

#include <cstdint>
#include <functional>
#include <iosfwd>
#include <string_view>

#include "bench/bench_mode.hpp"
#include "bench/report_line.hpp"
#include "bench/stateless_run.hpp"

namespace weir::bench {

/// What a workload command (`weir-bench stateless`, `keyed-window`) runs and adds to its line.
struct compared_command {
  /// Prefix of its error messages, e.g. "weir-bench".
  std::string_view name;
  /// Source events of one run, the numerator of events_per_sec.
  std::uint64_t events = 0;
  std::function<stateless_run()> baseline;
  std::function<stateless_run()> weir;
  /// Adds the settings (`mode=` first) for a run in `mode`.
  std::function<void(report_line&, bench_mode)> add_settings;
  /// Adds the latency fields of a Weir run; empty when the run measures none.
  std::function<void(report_line&, const stateless_run&)> add_latency;
};

/// The flow both commands share. Writes one line to `out`: `events_per_sec`, `results`,
/// `checksum`; in compare mode `baseline_events_per_sec`, `ratio` (Weir / plain loop) and
/// `match` (results and checksum identical); the settings; `elapsed_s` (and
/// `baseline_elapsed_s`); the latency fields; `peak_rss_mb`. The baseline mode reports the
/// plain loop alone. Returns the exit code: 0, 1 if the Weir job failed, 2 if compare mode
/// found different results (both said on `err`).
int run_compared(const compared_command& command, bench_mode mode, std::ostream& out,
                 std::ostream& err);

} // namespace weir::bench
