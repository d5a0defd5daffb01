#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <variant>

#include <caf/actor.hpp>
#include <caf/actor_system.hpp>

#include "weir/actors/job_completion.hpp"
#include "weir/graph/job_graph.hpp"

namespace weir::actors {

/// Spawns the job master of one job (Flink's JobMaster, for the embedded mini cluster): it
/// deploys one task actor per subtask, downstream first so that every task knows its
/// receivers, and monitors them. On the first task failure or on cancel_atom it sends cancel
/// to every task; it completes `completion` only when every task actor has stopped (so no
/// user code runs when wait() returns), with the first failure as the job's error. While
/// tasks are overdue after a cancel it logs their names every `cancellation_interval`.
/// The bookkeeping is flow::job_lifecycle; this actor only delivers its events.
/// With a `resource_manager` (a cluster's coordinator), the tasks run in slots it hands out
/// on worker processes, deployed through their task managers; else they run here.
caf::actor spawn_job_master(caf::actor_system& sys, std::shared_ptr<const graph::job_graph> plan,
                            std::shared_ptr<job_completion> completion,
                            std::chrono::milliseconds cancellation_interval
                            = std::chrono::milliseconds{30000},
                            caf::actor resource_manager = {});

/// A fresh job id: 32 random hex digits, as Flink's JobID.
std::string random_job_id();

/// Asks `master` for a savepoint into `directory` (and to stop the job after it, with `stop`)
/// and waits for it: the savepoint's path, or why there is none. For job clients.
std::variant<std::string, error> request_savepoint(caf::actor_system& sys, const caf::actor& master,
                                                   const job_completion& completion,
                                                   std::string directory, bool stop);

} // namespace weir::actors
