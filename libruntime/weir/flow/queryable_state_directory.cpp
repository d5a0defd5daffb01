#include "weir/flow/queryable_state_directory.hpp"

namespace weir::flow {

std::optional<error> queryable_state_directory::add(const registration& r) {
  auto it = states_.find(r.name);
  if (it == states_.end()) {
    states_.emplace(r.name, location{r.vertex, r.operator_name, r.types, r.max_parallelism,
                                     r.parallelism, {r.subtask}});
    return std::nullopt;
  }
  auto& at = it->second;
  if (at.vertex != r.vertex)
    return error{errc::invalid_plan,
                 "queryable state name '" + r.name + "' is registered by two operators, '"
                   + at.operator_name + "' and '" + r.operator_name
                   + "'; give each queryable state its own name (set_queryable)"};
  // The same operator may change its parallelism across a restore from a savepoint only in
  // a new job; within one job it is fixed, but keep the newest report.
  at.types = r.types;
  at.max_parallelism = r.max_parallelism;
  at.parallelism = r.parallelism;
  at.subtasks.insert(r.subtask);
  return std::nullopt;
}

void queryable_state_directory::new_attempt() {
  for (auto& [name, at] : states_)
    at.subtasks.clear();
}

std::vector<std::string> queryable_state_directory::names() const {
  std::vector<std::string> out;
  for (const auto& [name, at] : states_)
    out.push_back(name);
  return out;
}

std::variant<queryable_state_directory::placement, error>
queryable_state_directory::locate(const std::string& name) const {
  auto it = states_.find(name);
  if (it == states_.end()) // route() lists the names that exist
    return std::get<error>(route(state_query{name, {}, 0, {}, {}}));
  if (it->second.subtasks.empty())
    return error{errc::job_not_running,
                 "queryable state '" + name + "' is not available: the job is starting or "
                   "restarting; retry in a moment"};
  const auto& at = it->second;
  return placement{at.vertex, at.types, at.max_parallelism, at.parallelism,
                   std::vector<int>(at.subtasks.begin(), at.subtasks.end())};
}

std::variant<queryable_state_directory::target, error>
queryable_state_directory::route(const state_query& q) const {
  auto it = states_.find(q.name);
  if (it == states_.end()) {
    std::string known;
    for (const auto& [name, at] : states_)
      known += (known.empty() ? "'" : ", '") + name + "'";
    return error{errc::no_such_state,
                 "no operator of this job registered queryable state '" + q.name + "'; "
                   + (known.empty() ? std::string{"the job has no queryable state (call "
                                                  "set_queryable on a keyed state descriptor)"}
                                    : "the queryable states are " + known)};
  }
  const auto& at = it->second;
  if (auto mismatch = check_query_types(q.name, at.types, q.key_type, q.value_type);
      !mismatch.empty())
    return error{errc::type_mismatch, std::move(mismatch)};
  if (at.subtasks.empty())
    return error{errc::job_not_running,
                 "queryable state '" + q.name + "' is not available: the job is starting or "
                   "restarting; retry in a moment"};
  auto group = assign_to_key_group(q.key_hash, at.max_parallelism);
  auto subtask = operator_index_for_key_group(group, at.max_parallelism, at.parallelism);
  if (!at.subtasks.contains(subtask))
    return error{errc::no_such_key,
                 "queryable state '" + q.name + "' has no value for this key (subtask "
                   + std::to_string(subtask + 1) + " of '" + at.operator_name
                   + "', which owns it, has not declared the state yet)"};
  return target{at.vertex, subtask, group};
}

} // namespace weir::flow
