#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <variant>

#include <caf/actor.hpp>
#include <caf/actor_system.hpp>

#include "weir/actors/job_completion.hpp"
#include "weir/error.hpp"
#include "weir/flow/state_query.hpp"

namespace weir::actors {

/// Sends a job's state queries from its clients straight to the task that owns the key: asks
/// the job master once per queryable name where its subtasks are, keeps that, and routes each
/// query by its key group itself, so that a query costs one hop to a busy task instead of two
/// (through the job master, which waits for a scheduler thread as the tasks do). Falls back
/// to the job master's routing (request_state) for a subtask it does not know, and forgets a
/// route whose task is gone or stopping (a restart). Thread-safe; owned by the local job
/// handle, used by every queryable_state_client of the job.
class queryable_state_router {
public:
  queryable_state_router(caf::actor_system& sys, caf::actor master,
                         std::shared_ptr<job_completion> completion)
    : sys_(sys), master_(std::move(master)), completion_(std::move(completion)) {}

  /// queryable_state_client's answer to `query` within `timeout`.
  [[nodiscard]] std::variant<std::string, error> query(const flow::state_query& query,
                                                       std::chrono::milliseconds timeout);

private:
  struct route {
    flow::queryable_state_types types;
    int max_parallelism = 128;
    int parallelism = 1;
    std::vector<caf::actor> tasks; ///< by subtask; null where not declared (yet)
  };

  std::variant<std::shared_ptr<const route>, error> find(const std::string& name,
                                                         std::chrono::milliseconds timeout);
  void forget(const std::string& name);

  caf::actor_system& sys_;
  caf::actor master_;
  std::shared_ptr<job_completion> completion_;
  std::mutex mutex_;
  std::map<std::string, std::shared_ptr<const route>, std::less<>> routes_;
};

/// Asks the job master `master` for the value `query` names and waits at most `timeout`: the
/// master routes the query to the task owning the key, which answers. The router's fallback.
std::variant<std::string, error> request_state(caf::actor_system& sys, const caf::actor& master,
                                               const job_completion& completion,
                                               const flow::state_query& query,
                                               std::chrono::milliseconds timeout);

} // namespace weir::actors
