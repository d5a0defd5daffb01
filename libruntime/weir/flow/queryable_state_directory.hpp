#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "weir/error.hpp"
#include "weir/flow/key_group.hpp"
#include "weir/flow/state_query.hpp"

namespace weir::flow {

/// Where a job's queryable states live (Flink's KvStateLocationRegistry): which operator
/// registered each queryable name, and which of its subtasks have declared it in the current
/// execution attempt. The job master keeps one, fills it from the tasks' registrations and
/// routes each query by its key's key group to the subtask that owns it. A plain class: the
/// actor only delivers its events.
class queryable_state_directory {
public:
  /// What a subtask reports when a function declared a queryable state.
  struct registration {
    std::string name;
    int vertex = 0;
    int subtask = 0;
    std::string operator_name;
    queryable_state_types types;
    int max_parallelism = 128;
    int parallelism = 1;
  };

  /// Where a query goes: the subtask (of `vertex`) that owns the key's `group`.
  struct target {
    int vertex = 0;
    int subtask = 0;
    key_group group{};
  };

  /// Records `r` for the current attempt. A name another operator registered already is an
  /// invalid_plan error naming both operators (the job then fails).
  [[nodiscard]] std::optional<error> add(const registration& r);

  /// A new execution attempt starts: its subtasks register again. Names stay known, so a
  /// query meanwhile is told the job is restarting rather than that the state does not exist.
  void new_attempt();

  /// Routes `q`: the subtask that owns its key, or no_such_state (listing the names that
  /// exist), type_mismatch, job_not_running (no subtask of this attempt has registered the
  /// name yet: the job is starting or restarting), or no_such_key (the owning subtask has
  /// not declared the state: it holds no value for any key).
  [[nodiscard]] std::variant<target, error> route(const state_query& q) const;

  /// Where the subtasks of queryable state `name` are, for a client that routes its queries
  /// itself: the operator's vertex, types and parallelism, and the subtasks that have declared
  /// it in this attempt. The errors are route()'s for a name that is unknown or not yet
  /// declared in this attempt.
  struct placement {
    int vertex = 0;
    queryable_state_types types;
    int max_parallelism = 128;
    int parallelism = 1;
    std::vector<int> subtasks;
  };
  [[nodiscard]] std::variant<placement, error> locate(const std::string& name) const;

  /// The queryable names known, sorted.
  [[nodiscard]] std::vector<std::string> names() const;

private:
  struct location {
    int vertex = 0;
    std::string operator_name;
    queryable_state_types types;
    int max_parallelism = 128;
    int parallelism = 1;
    std::set<int> subtasks; ///< registered in the current attempt
  };
  std::map<std::string, location, std::less<>> states_;
};

} // namespace weir::flow
