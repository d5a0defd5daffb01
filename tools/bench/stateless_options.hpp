#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "bench/workload.hpp"

namespace weir::bench {

/// Everything `weir-bench stateless` can vary. The Weir-specific fields map one to one onto
/// weir::configuration; the plain loop uses only `workload` and `slow_sink`.
struct stateless_options {
  workload_params workload;
  /// Parallel instances of every operator. Default: 1.
  int parallelism = 1;
  /// Puts rebalance() between map and filter, so that batches cross task actors. Default: off
  /// (the whole pipeline chains into one task per parallel instance).
  bool rebalance = false;
  /// Records per batch. Default: 1024 (Weir's default).
  std::size_t batch_size = 1024;
  /// Buffer timeout in milliseconds. Default: 100 (Weir's default).
  std::chrono::milliseconds buffer_timeout{100};
  /// Credits (batches in flight) per channel. Default: 4 (Weir's default).
  std::uint32_t credits = 4;
  /// Total source rate in events per second; 0 = as fast as possible. A positive rate stamps
  /// every event at emission and measures emission-to-sink latency. Default: 0.
  double rate = 0;
  /// The sink spins this long after every 1024 results. Default: 0 (no spinning).
  std::chrono::microseconds slow_sink{0};
  /// Scheduler threads of the mini cluster (of each process in a cluster); 0 = Weir's
  /// default (the number of cores, at least 2). Default: 0.
  std::size_t worker_threads = 0;
  /// Processes the job runs in: 1 = this one (the embedded mini cluster); N >= 2 = this one as
  /// the coordinator and N - 1 workers it starts (local_cluster), each offering
  /// ceil(parallelism / N) slots. Range 1..64, at most the parallelism. Default: 1.
  int processes = 1;
  /// Instead of rebalance, a partitioner that sends every record of instance s to instance
  /// s + 1 (mod P) of the filter (add_stateless_job), so that in a cluster whose slots
  /// alternate between processes every record crosses. Needs keys to be a multiple of the
  /// parallelism, and no rate. Default: off.
  bool cross_all = false;

  /// The first invalid field, named as its command-line flag with the accepted range.
  [[nodiscard]] std::optional<std::string> validate() const;
};

} // namespace weir::bench
