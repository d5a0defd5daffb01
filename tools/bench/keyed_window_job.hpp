#pragma once

#include "bench/keyed_window_options.hpp"
#include "bench/stateless_run.hpp"

namespace weir::bench {

/// Runs the keyed window workload as a Weir job on the embedded mini cluster:
///
///   strided_source ─► Timestamps/Watermarks (monotonous, ts_ms) ─► map(to_celsius)
///     ═hash(key)═► Window(tumbling event time, aggregate avg + window function)
///     ─► window_result_sink
///
/// every operator at `options.parallelism`: one task of source, assigner and map and one of
/// window and sink per parallel instance, records crossing from the first to the second by
/// key. Window contents live in `options.backend`. Blocks until the job ends.
[[nodiscard]] stateless_run run_keyed_window_weir(const keyed_window_options& options);

} // namespace weir::bench
