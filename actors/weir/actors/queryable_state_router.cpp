#include "weir/actors/queryable_state_router.hpp"

#include <caf/scoped_actor.hpp>

#include "weir/actors/type_ids.hpp"
#include "weir/flow/key_group.hpp"

namespace weir::actors {

namespace {

std::chrono::milliseconds left_until(std::chrono::steady_clock::time_point deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
    deadline - std::chrono::steady_clock::now());
  return std::max(left, std::chrono::milliseconds{1});
}

} // namespace

std::variant<std::string, error> request_state(caf::actor_system& sys, const caf::actor& master,
                                               const job_completion& completion,
                                               const flow::state_query& query,
                                               std::chrono::milliseconds timeout) {
  auto not_running = [&] {
    return error{errc::job_not_running, "cannot query state '" + query.name
                                          + "': the job is not running (it has ended)"};
  };
  if (completion.done())
    return not_running();
  caf::scoped_actor self{sys};
  std::variant<std::string, error> out = error{errc::internal, "no answer from the job"};
  self
    ->request<caf::message_priority::high>(master, caf::duration{timeout},
              state_query_msg{query.name, query.key, query.key_hash, query.key_type,
                              query.value_type, 0})
    .receive(
      [&](state_answer_msg& a) {
        if (a.code < 0)
          out = std::move(a.value);
        else
          out = error{static_cast<errc>(a.code), std::move(a.message)};
      },
      [&](const caf::error& err) {
        if (err == caf::sec::request_timeout)
          out = error{errc::timeout, "no answer to the query of state '" + query.name
                                       + "' within " + std::to_string(timeout.count())
                                       + " ms (the task owning the key is busy or blocked)"};
        else if (completion.done() || err == caf::sec::request_receiver_down)
          out = not_running();
        else
          out = error{errc::job_not_running,
                      "cannot query state '" + query.name + "': the task owning the key is "
                        "gone (" + sys.render(err) + "); the job may be restarting, retry"};
      });
  return out;
}

void queryable_state_router::forget(const std::string& name) {
  std::lock_guard guard{mutex_};
  routes_.erase(name);
}

std::variant<std::shared_ptr<const queryable_state_router::route>, error>
queryable_state_router::find(const std::string& name, std::chrono::milliseconds timeout) {
  {
    std::lock_guard guard{mutex_};
    if (auto it = routes_.find(name); it != routes_.end())
      return it->second;
  }
  std::variant<std::shared_ptr<const route>, error> out =
    error{errc::internal, "no answer from the job master"};
  caf::scoped_actor self{sys_};
  self->request<caf::message_priority::high>(master_, caf::duration{timeout},
                                             locate_atom::value, name)
    .receive(
      [&](state_route_msg& m) {
        if (m.code >= 0) {
          out = error{static_cast<errc>(m.code), std::move(m.message)};
          return;
        }
        auto r = std::make_shared<route>();
        r->types = flow::queryable_state_types{std::move(m.key_type), std::move(m.value_types)};
        r->max_parallelism = m.max_parallelism;
        r->parallelism = m.parallelism;
        r->tasks = std::move(m.tasks);
        std::lock_guard guard{mutex_};
        routes_[name] = r;
        out = std::shared_ptr<const route>{std::move(r)};
      },
      [&](const caf::error& err) {
        if (err == caf::sec::request_timeout)
          out = error{errc::timeout, "the job master did not say where queryable state '" + name
                                       + "' is within " + std::to_string(timeout.count())
                                       + " ms"};
        else
          out = error{errc::job_not_running,
                      "cannot query state '" + name + "': the job is not running (it has ended)"};
      });
  return out;
}

std::variant<std::string, error> queryable_state_router::query(const flow::state_query& q,
                                                               std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  if (completion_->done())
    return request_state(sys_, master_, *completion_, q, timeout); // words the error
  auto found = find(q.name, timeout);
  if (auto* err = std::get_if<error>(&found))
    return *err;
  const auto& r = *std::get<std::shared_ptr<const route>>(found);
  if (auto mismatch = flow::check_query_types(q.name, r.types, q.key_type, q.value_type);
      !mismatch.empty())
    return error{errc::type_mismatch, std::move(mismatch)};
  auto group = flow::assign_to_key_group(q.key_hash, r.max_parallelism);
  auto subtask = flow::operator_index_for_key_group(group, r.max_parallelism, r.parallelism);
  if (subtask < 0 || static_cast<std::size_t>(subtask) >= r.tasks.size() || !r.tasks[subtask]) {
    // Not declared there when the route was fetched: the master knows better now.
    forget(q.name);
    return request_state(sys_, master_, *completion_, q, left_until(deadline));
  }
  std::variant<std::string, error> out = error{errc::internal, "no answer from the task"};
  bool ask_master = false;
  caf::scoped_actor self{sys_};
  self
    ->request<caf::message_priority::high>(
      r.tasks[subtask], caf::duration{left_until(deadline)},
      state_query_msg{q.name, q.key, q.key_hash, q.key_type, q.value_type, group.value})
    .receive(
      [&](state_answer_msg& a) {
        if (a.code < 0) {
          out = std::move(a.value);
          return;
        }
        // A stopping task: the job fails, is cancelled or restarts; the route is stale.
        if (static_cast<errc>(a.code) == errc::job_not_running)
          forget(q.name);
        out = error{static_cast<errc>(a.code), std::move(a.message)};
      },
      [&](const caf::error& err) {
        if (err == caf::sec::request_timeout) {
          out = error{errc::timeout, "no answer to the query of state '" + q.name + "' within "
                                       + std::to_string(timeout.count())
                                       + " ms (the task owning the key is busy or blocked)"};
          return;
        }
        forget(q.name); // the task is gone: a restart, or the end of the job
        ask_master = true;
      });
  if (ask_master)
    return request_state(sys_, master_, *completion_, q, left_until(deadline));
  return out;
}

} // namespace weir::actors
