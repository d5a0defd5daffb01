#include "bench/node_loss_options.hpp"

namespace weir::bench {

std::optional<std::string> node_loss_options::validate() const {
  // The spare worker runs no subtask until the loss, which the stateless checks refuse.
  auto one = job;
  one.processes = 1;
  if (auto problem = one.validate())
    return problem;
  if (job.processes != 3)
    return "node-loss runs 3 processes (the coordinator and two workers)";
  if (job.parallelism != 2)
    return "--parallelism must be 2 for node-loss: subtask 0 runs in the coordinator, subtask "
           "1 in the worker that is killed, and the spare worker's slot takes it over";
  if (checkpoint_interval.count() < 1 || checkpoint_interval.count() > 86'400'000)
    return "--checkpoint-interval-ms must be between 1 and 86400000";
  if (kill_after.count() < 0)
    return "--kill-after-ms must be 0 or more";
  if (heartbeat_interval.count() < 10 || heartbeat_interval.count() > 60'000)
    return "--heartbeat-interval-ms must be between 10 and 60000";
  if (heartbeat_timeout <= heartbeat_interval || heartbeat_timeout.count() > 600'000)
    return "--heartbeat-timeout-ms must exceed --heartbeat-interval-ms, at most 600000";
  return std::nullopt;
}

} // namespace weir::bench
