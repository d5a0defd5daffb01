#include "weir/actors/job_master.hpp"

#include <chrono>

#include <caf/event_based_actor.hpp>
#include <caf/stateful_actor.hpp>

#include "weir/actors/task_actor.hpp"
#include "weir/actors/type_ids.hpp"
#include "weir/flow/job_lifecycle.hpp"
#include "weir/logger.hpp"

namespace weir::actors {

namespace {

struct master_state {
  std::shared_ptr<const graph::job_graph> plan;
  std::shared_ptr<job_completion> completion;
  std::vector<caf::actor> tasks;
  std::unique_ptr<flow::job_lifecycle> lifecycle;
  std::chrono::steady_clock::time_point started;
  std::chrono::steady_clock::time_point ending_since;
  std::chrono::milliseconds cancellation_interval{30000};
  bool completed = false;
  static inline const char* name = "weir.job_master";
};

using master_self = caf::stateful_actor<master_state>;

std::shared_ptr<spdlog::logger> job_log() {
  static auto log = logger("weir.job");
  return log;
}

/// Carries out what the lifecycle asked for, and completes the job once it is terminal, i.e.
/// once every task actor is gone: only then may wait() return.
void apply(master_self* self, flow::job_lifecycle::action next) {
  auto& st = self->state;
  if (next == flow::job_lifecycle::action::cancel_tasks) {
    st.ending_since = std::chrono::steady_clock::now();
    job_log()->info("job '{}' is {}: {}; cancelling {} running tasks", st.plan->job_name,
                    to_string(st.lifecycle->status()), st.lifecycle->err()->message(),
                    st.lifecycle->running_count());
    for (auto& t : st.tasks)
      self->send(t, cancel_atom::value);
    self->delayed_send(self, st.cancellation_interval, check_atom::value);
  }
  if (!st.lifecycle->terminal() || st.completed)
    return;
  st.completed = true;
  auto elapsed = std::chrono::duration_cast<std::chrono::nanoseconds>(
    std::chrono::steady_clock::now() - st.started);
  const auto& err = st.lifecycle->err();
  if (err)
    job_log()->warn("job '{}' {}: {}", st.plan->job_name, to_string(st.lifecycle->status()),
                    err->to_string());
  else
    job_log()->info("job '{}' finished in {} ms", st.plan->job_name, elapsed.count() / 1'000'000);
  job_execution_result result{st.plan->job_name, elapsed, st.lifecycle->metrics(), err};
  // Drop the plan (and the user function objects it holds) before wait() can return, so that
  // none of them is destroyed on a CAF thread after the caller went on.
  st.plan.reset();
  st.completion->complete(std::move(result));
  self->quit();
}

std::size_t task_index(const master_state& st, const caf::actor_addr& who) {
  for (std::size_t i = 0; i < st.tasks.size(); ++i)
    if (st.tasks[i].address() == who)
      return i;
  return st.tasks.size();
}

caf::behavior master_behavior(master_self* self, std::shared_ptr<const graph::job_graph> plan,
                              std::shared_ptr<job_completion> completion,
                              std::chrono::milliseconds cancellation_interval) {
  auto& st = self->state;
  st.plan = std::move(plan);
  st.completion = std::move(completion);
  st.cancellation_interval = cancellation_interval;
  st.started = std::chrono::steady_clock::now();
  const auto& jg = *st.plan;

  // Deploy downstream first: a task's routes name actors that already exist.
  std::vector<std::vector<caf::actor>> handles(jg.vertices.size());
  std::vector<std::string> names;
  for (auto v = static_cast<int>(jg.vertices.size()) - 1; v >= 0; --v) {
    handles[v].resize(jg.vertices[v].parallelism);
    for (int s = 0; s < jg.vertices[v].parallelism; ++s) {
      std::vector<output_route> routes;
      for (const auto& ch : jg.output_channels(v, s)) {
        int target = jg.edges[ch.edge].target_vertex;
        routes.push_back({handles[target][ch.peer_subtask],
                          jg.input_channel_index(target, ch.peer_subtask, ch.edge, s)});
      }
      auto t = spawn_task(self->system(), st.plan, v, s, std::move(routes),
                          caf::actor_cast<caf::actor>(self));
      self->monitor(t);
      handles[v][s] = t;
      st.tasks.push_back(t);
      names.push_back(jg.vertices[v].name + " (" + std::to_string(s + 1) + "/"
                      + std::to_string(jg.vertices[v].parallelism) + ")");
    }
  }
  st.lifecycle = std::make_unique<flow::job_lifecycle>(std::move(names));
  job_log()->info("job '{}' deployed {} tasks:\n{}", jg.job_name, st.tasks.size(),
                  jg.describe());
  apply(self, flow::job_lifecycle::action::none); // a job without tasks is finished at once

  self->set_down_handler([=](const caf::down_msg& dm) {
    auto& s = self->state;
    auto i = task_index(s, dm.source);
    if (i == s.tasks.size())
      return;
    auto reason = dm.reason && dm.reason != caf::exit_reason::normal ? to_string(dm.reason)
                                                                      : std::string{};
    apply(self, s.lifecycle->task_stopped(i, reason));
  });

  return {
    [=](task_finished_msg& m) {
      auto& s = self->state;
      auto i = task_index(s, caf::actor_cast<caf::actor_addr>(self->current_sender()));
      if (i < s.tasks.size())
        s.lifecycle->task_finished(i, m.metrics);
    },
    [=](task_failed_msg& m) {
      auto& s = self->state;
      auto i = task_index(s, caf::actor_cast<caf::actor_addr>(self->current_sender()));
      if (i < s.tasks.size())
        apply(self, s.lifecycle->task_failed(i, error{static_cast<errc>(m.code), m.message}));
    },
    [=](cancel_atom) { apply(self, self->state.lifecycle->cancel_requested()); },
    [=](check_atom) {
      // Flink's task.cancellation.interval: name the tasks that have not stopped yet, e.g. a
      // source blocked in poll() or a sink blocked in a write. wait() keeps waiting for them.
      auto& s = self->state;
      if (s.completed)
        return;
      auto overdue = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now() - s.ending_since);
      std::string list;
      for (const auto& n : s.lifecycle->running_tasks())
        list += (list.empty() ? "" : ", ") + n;
      job_log()->warn("job '{}': {} task(s) have not stopped {} ms after cancel: {}; they are "
                      "still running user code (a blocking poll, write or close?)",
                      s.plan->job_name, s.lifecycle->running_count(), overdue.count(), list);
      self->delayed_send(self, s.cancellation_interval, check_atom::value);
    },
  };
}

} // namespace

caf::actor spawn_job_master(caf::actor_system& sys, std::shared_ptr<const graph::job_graph> plan,
                            std::shared_ptr<job_completion> completion,
                            std::chrono::milliseconds cancellation_interval) {
  return sys.spawn(master_behavior, std::move(plan), std::move(completion),
                   cancellation_interval);
}

} // namespace weir::actors
