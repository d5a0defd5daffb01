#pragma once

#include <chrono>
#include <cstdint>
#include <iosfwd>

#include "bench/keyed_window_options.hpp"

namespace weir::bench {

/// What `weir-bench recovery` varies beyond the keyed window job's options (whose
/// checkpoint_interval must be positive).
struct recovery_options {
  keyed_window_options job;
  /// Instance 0 of "Window Average" fails after this many input records; 0 = half of its
  /// share of the events (events / parallelism / 2). Default: 0.
  std::uint64_t fail_after = 0;
  /// Delay of the fixed-delay restart strategy (one restart), in ms. Default: 0, so that the
  /// figure is the runtime's own time, not a configured wait.
  std::chrono::milliseconds restart_delay{0};
};

/// `weir-bench recovery`: the keyed window job with checkpoints and one injected failure
/// (fault_plan::fail_after_records on "Window Average", instance 0), restarted once. The sink
/// stamps every result's arrival per attempt (arrival_timeline) and the job log's steps are
/// stamped on the same clock (job_log_capture). Writes one line: `recovery_ms` (the failing
/// instance's last result before the failure to the first result of the restarted job: an
/// upper bound of failure-to-first-record, off by at most the time since that instance's last
/// result, which is up to a watermark interval when windows fire in bursts);
/// `notice_to_first_result_ms` (from the master's notice of the failure, a lower bound), then
/// the parts: `notice_ms` (to the master's "is FAILING"), `teardown_ms` (to every
/// task stopped, "restarting in"), `restart_ms` (to the redeployment, "restarted", including
/// the restart delay), `open_ms` (to the last sink instance opened: tasks deployed and state
/// restored), `first_result_ms` (to the first result); `restarts`, `restored` (yes if a
/// checkpoint was restored, no if the job started over), `checkpoints`, `elapsed_s` and the
/// settings. Returns 0, 1 if the job failed or did not restart.
int run_recovery_command(const recovery_options& options, std::ostream& out, std::ostream& err);

} // namespace weir::bench
