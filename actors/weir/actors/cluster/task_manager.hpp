#pragma once

#include <memory>
#include <string>

#include <caf/actor.hpp>
#include <caf/actor_system.hpp>

#include "weir/actors/job_completion.hpp"
#include "weir/graph/job_graph.hpp"

namespace weir::actors {

/// Spawns the task manager of a node that offers slots (Flink's TaskExecutor): it runs the
/// tasks a job master deploys here (deploy_task_msg -> deployed_msg), built from this
/// process's own plan, which the coordinator checked against its own. It watches the
/// coordinator ((caf::monitor_atom, coordinator)): when that is lost it cancels its tasks
/// and completes `completion` with an error. On job_done_msg it answers with what its
/// collect() sinks gathered; on the finish_atom that follows (or when the coordinator goes)
/// it completes `completion` with the job's outcome and stops.
/// `coordinator_name` names the coordinator in errors ("127.0.0.1:6123").
caf::actor spawn_task_manager(caf::actor_system& sys, std::shared_ptr<const graph::job_graph> plan,
                              std::shared_ptr<job_completion> completion,
                              std::string coordinator_name);

} // namespace weir::actors
