#pragma once

#include <chrono>
#include <cstddef>
#include <iosfwd>

namespace weir::bench {

/// Settings of `weir-bench idle`: an unbounded job whose source never has anything.
struct idle_options {
  /// How long CPU time is measured, after the warm-up. Default: 2 s.
  std::chrono::milliseconds measure{2000};
  /// Time before measuring, for start-up and the poll back-off to reach its bound. Default: 300 ms.
  std::chrono::milliseconds warm_up{300};
  /// configuration::source_idle_backoff_max, in ms. Default: 10.
  std::chrono::milliseconds backoff_max{10};
  /// Scheduler threads (0 = number of cores, at least 2).
  std::size_t worker_threads = 0;
};

/// Runs an idle job (source -> print, the source answering nothing_available on every poll)
/// and writes one line: `cpu_percent=<process CPU time / wall time, in % of one core>
/// polls_per_sec=.. seconds=.. backoff_max_ms=..`. The process's CPU time is read with
/// getrusage, so everything counts: CAF's workers and timer thread, the job master, the source.
/// Returns the exit code (0; 1 if the job failed).
int run_idle_command(const idle_options& options, std::ostream& out, std::ostream& err);

} // namespace weir::bench
