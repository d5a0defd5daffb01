#pragma once

#include <iosfwd>

#include "bench/backpressure_options.hpp"

namespace weir::bench {

/// `weir-bench checkpoint-backpressure`: how long a checkpoint takes, trigger to completion,
/// when every channel is full. Runs
///
///   strided_source (unbounded) ─► map(to_celsius) ═rebalance═► sleeping_sink
///
/// at `options.parallelism` with exactly-once checkpoints (aligned or unaligned) for
/// `options.duration`, then cancels it. A checkpoint_watch reads the durations from the
/// checkpoint directory (trigger: the manifest's timestamp; completion: the chk-<n>
/// directory's mtime, set by the manifest's rename). Writes one line: `checkpoints` (the
/// job's count), the watch's `checkpoint_seen`, `checkpoint_mean_ms`, `checkpoint_median_ms`,
/// `checkpoint_max_ms` and sizes, `sink_records_per_sec`, `in_flight_records` (what the
/// credits let wait on the sinks' input channels: P * P * credits * batch size) and
/// `drain_ms` (the time the sinks take to process that much, which bounds an aligned
/// checkpoint from below), then the settings. Returns 0, or 1 if the job failed otherwise than
/// by the cancellation.
int run_backpressure_command(const backpressure_options& options, std::ostream& out,
                             std::ostream& err);

} // namespace weir::bench
