#pragma once

#include <chrono>
#include <memory>
#include <variant>

#include <caf/actor.hpp>
#include <caf/actor_system.hpp>

#include "weir/actors/job_completion.hpp"
#include "weir/error.hpp"
#include "weir/job_details.hpp"

namespace weir::actors {

/// Answers "what is the job doing" for a job client (REST API, CLI, metrics): asks the job
/// master for what it knows (details_atom), then every task of the current attempt for a
/// sample of its metrics (sample_atom, urgent, answered between two messages), and merges
/// them. After the job ended it answers from the details the master left in the completion.
/// Any thread; blocks for at most the timeout given.
std::variant<job_details, error> inspect_job(caf::actor_system& sys, const caf::actor& master,
                                             const job_completion& completion,
                                             std::chrono::milliseconds timeout);

} // namespace weir::actors
