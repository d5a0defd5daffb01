#pragma once

#include <iosfwd>

#include "bench/bench_mode.hpp"
#include "bench/keyed_window_options.hpp"

namespace weir::bench {

/// `weir-bench keyed-window --checkpoint-interval-ms MS`: the cost of exactly-once
/// checkpoints. Runs, in one process and in this order, the plain loop (compare mode), the
/// Weir job without checkpoints, and the same job with checkpoints into a fresh directory
/// under `options.checkpoint_dir` (removed afterwards) that a checkpoint_watch observes.
/// Writes one line: `events_per_sec`, `results`, `checksum` of the checkpointed run; in
/// compare mode `baseline_events_per_sec`, `ratio` (checkpointed / plain loop) and
/// `nocheckpoint_ratio` (uncheckpointed / plain loop); `nocheckpoint_events_per_sec`,
/// `checkpoint_ratio` (checkpointed / uncheckpointed), `match` (every run computed the same
/// results and checksum); `checkpoints` (completed, as the job reports them, the final one
/// included) and the watch's summary (`checkpoint_seen`, `checkpoint_mean_ms`, ...); the
/// settings; the elapsed times; `peak_rss_mb` (of the process, over all runs). Returns 0, 1
/// if a job failed, 2 if the results differ; `mode` baseline is refused (exit 2).
int run_keyed_window_checkpoint_command(const keyed_window_options& options, bench_mode mode,
                                        std::ostream& out, std::ostream& err);

} // namespace weir::bench
