#include "bench/cluster_job_run.hpp"

#include "weir/weir.hpp"

namespace weir::bench {

cluster_job_run run_on_local_cluster(
  environment& env, std::string job_name, local_cluster& cluster,
  const std::function<void(local_cluster&, job_client&)>& while_running,
  std::chrono::milliseconds worker_exit_timeout) {
  env.config().cluster = cluster.coordinator_config();
  cluster_job_run run;
  auto wire_before = wire_totals::of_this_process();
  auto start = std::chrono::steady_clock::now();
  run.started_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(start.time_since_epoch())
                     .count();
  // execute_async returns once the coordinator listens: the workers reach it at once.
  auto client = env.execute_async(std::move(job_name));
  if (auto err = cluster.start_workers()) {
    client.cancel();
    run.result = client.wait();
    run.result.set_error(*err);
    run.elapsed = std::chrono::steady_clock::now() - start;
    return run;
  }
  if (while_running)
    while_running(cluster, client);
  run.result = client.wait();
  run.elapsed = std::chrono::steady_clock::now() - start;
  run.coordinator_wire = wire_totals::of_this_process().since(wire_before);
  run.workers = cluster.collect(worker_exit_timeout, run.problems);
  return run;
}

} // namespace weir::bench
