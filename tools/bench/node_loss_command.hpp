#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "bench/node_loss_options.hpp"

namespace weir::bench {

/// `weir-bench node-loss`, the coordinator's side: the stateless job (rebalance, P=2) with
/// exactly-once checkpoints on a local_cluster of three processes, each offering one slot:
/// subtask 0 runs here, subtask 1 in worker 1, worker 2 is idle. Once the coordinator's sink
/// has records and a checkpoint completed, it waits `kill_after` and kills worker 1 (SIGKILL,
/// or SIGSTOP with `freeze`); the job restarts from the checkpoint on the coordinator and
/// worker 2. Steps are timed on the steady clock from the kill: `lost_ms` (the resource
/// manager logs "lost worker 1"), `failing_ms` (the job master's "is FAILING"), `restart_ms`
/// (from FAILING to "restarted": every task of the old attempt stopped, slots allocated),
/// `deploy_ms` (from "restarted" to "deployed ... (attempt 2)"), `first_record_ms` (from the
/// deployment to the first record at the coordinator's sink in the new attempt) and
/// `resume_ms` (kill to that first record: the time processing is interrupted as seen by a
/// sink); `stall_ms` (the coordinator's sink's last record of the old attempt to the first of
/// the new). Also `restarts`, `restored`, `checkpoints`, `elapsed_s` and the settings. Writes
/// one line. Returns 0, 1 if the job failed, did not restart, or ended before the kill.
int run_node_loss_command(const node_loss_options& options, std::vector<std::string> program_args,
                          std::ostream& out, std::ostream& err);

/// The worker's side: runs the same job's tasks placed here, prints a worker_report.
int run_node_loss_worker(const node_loss_options& options, std::ostream& out, std::ostream& err);

} // namespace weir::bench
