#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "bench/local_cluster.hpp"
#include "bench/wire_totals.hpp"
#include "bench/worker_report.hpp"
#include "weir/environment.hpp"
#include "weir/job_client.hpp"
#include "weir/job_execution_result.hpp"

namespace weir::bench {

/// One job run on a local_cluster, as the coordinator saw it.
struct cluster_job_run {
  job_execution_result result;
  /// From execute_async() (the coordinator starts listening) to the job's result, so it
  /// includes starting the worker processes, their registration and the deployment; not the
  /// workers' exit afterwards.
  std::chrono::nanoseconds elapsed{0};
  /// When execute_async() was called, in steady-clock ns (wall_clock.hpp's steady_now_ns).
  std::int64_t started_ns = 0;
  /// What each worker printed at its end (start order); empty for one killed or silent.
  std::vector<std::optional<worker_report>> workers;
  /// One sentence per worker that did not end cleanly (killed ones included).
  std::vector<std::string> problems;
  /// The coordinator's own wire counters during the run.
  wire_totals coordinator_wire;

  /// The coordinator's and every reporting worker's wire counters, summed: each record that
  /// crossed is in records_sent once (by its sender).
  [[nodiscard]] wire_totals wire() const {
    auto sum = coordinator_wire;
    for (const auto& w : workers)
      if (w)
        sum += wire_totals::of(*w);
    return sum;
  }
};

/// Runs the job built in `env` as the coordinator of `cluster` (env's cluster settings are
/// replaced by cluster.coordinator_config()): starts listening, starts the workers, calls
/// `while_running` (if any) on this thread while the job runs, waits for the result, then
/// collects the workers' reports (waiting up to `worker_exit_timeout` for them to exit).
[[nodiscard]] cluster_job_run
run_on_local_cluster(environment& env, std::string job_name, local_cluster& cluster,
                     const std::function<void(local_cluster&, job_client&)>& while_running = {},
                     std::chrono::milliseconds worker_exit_timeout = std::chrono::seconds{60});

} // namespace weir::bench
