#pragma once

#include <memory>

#include <caf/actor.hpp>
#include <caf/actor_system.hpp>

#include "weir/actors/job_completion.hpp"
#include "weir/graph/job_graph.hpp"

namespace weir::actors {

/// Spawns the job master of one job (Flink's JobMaster, for the embedded mini cluster): it
/// deploys one task actor per subtask, downstream first so that every task knows its
/// receivers, monitors them, sums their metrics, and completes `completion` when the last
/// task finished, the first one failed, or on cancel_atom (then it stops every task).
caf::actor spawn_job_master(caf::actor_system& sys, std::shared_ptr<const graph::job_graph> plan,
                            std::shared_ptr<job_completion> completion);

} // namespace weir::actors
