#pragma once

#include <memory>
#include <optional>

#include "bench/arrival_timeline.hpp"
#include "bench/keyed_window_options.hpp"
#include "bench/stateless_run.hpp"
#include "weir/checkpoint/restart_strategy.hpp"
#include "weir/fault_plan.hpp"

namespace weir::bench {

/// What `weir-bench recovery` adds to the keyed window job: faults, how it restarts, and
/// where its sink stamps the arrival of results. Empty = the plain job.
struct keyed_window_faults {
  std::shared_ptr<fault_plan> plan;
  std::optional<restart_strategy> restart;
  std::shared_ptr<arrival_timeline> arrivals;
};

/// Runs the keyed window workload as a Weir job on the embedded mini cluster:
///
///   strided_source ─► Timestamps/Watermarks (monotonous, ts_ms) ─► map(to_celsius)
///     ═hash(key)═► Window(tumbling event time, aggregate avg + window function)
///     ─► window_result_sink
///
/// every operator at `options.parallelism`: one task of source, assigner and map and one of
/// window and sink per parallel instance, records crossing from the first to the second by
/// key. Window contents live in `options.backend`; with a checkpoint interval, exactly-once
/// checkpoints go to `options.checkpoint_dir`. The operators are named "Readings",
/// "To Celsius", "Window Average" and "Counting Sink" (what a fault plan names). Blocks until
/// the job ends.
[[nodiscard]] stateless_run run_keyed_window_weir(const keyed_window_options& options,
                                                  const keyed_window_faults& faults = {});

} // namespace weir::bench
