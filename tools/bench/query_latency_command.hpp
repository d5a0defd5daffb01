#pragma once

#include <cstddef>
#include <cstdint>
#include <iosfwd>

#include "weir/state_backend_kind.hpp"

namespace weir::bench {

/// Settings of `weir-bench query-latency`: a keyed counting job at full speed whose count
/// state a client thread queries all along.
struct query_latency_options {
  /// Events the source generates (key = i % keys). Default: 20 million.
  std::uint64_t events = 20'000'000;
  /// Distinct keys. Default: 10,000.
  std::uint64_t keys = 10'000;
  /// Parallel instances of the counting operator. Default: 2.
  int parallelism = 2;
  state_backend_kind backend = state_backend_kind::heap;
  /// Client threads issuing queries back to back. Default: 1.
  int query_threads = 1;
  /// Scheduler threads (0 = number of cores, at least 2).
  std::size_t worker_threads = 0;
};

/// Runs a warm-up of a tenth of the events; the job without queries; the job while
/// `query_threads` threads query random keys back to back until it ends; the job without
/// queries again. Writes one line: `p50_us= p99_us=` (latency of answered queries: a value,
/// or no_such_key for a key not reached yet), `queries_per_sec=`, `events_per_sec=` with
/// queries, `events_per_sec_unqueried=` (over the mean time of the two plain runs) and
/// `ratio=` (with / without queries). Returns the exit code (0; 1 if a job failed or a
/// query got another error).
int run_query_latency_command(const query_latency_options& options, std::ostream& out,
                              std::ostream& err);

} // namespace weir::bench
