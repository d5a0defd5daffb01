#include "weir/actors/cluster/task_manager.hpp"

#include <map>

#include <caf/event_based_actor.hpp>
#include <caf/stateful_actor.hpp>

#include "weir/actors/task_actor.hpp"
#include "weir/actors/type_ids.hpp"
#include "weir/flow/operators/collect_sink.hpp"
#include "weir/logger.hpp"

namespace weir::actors {

namespace {

std::shared_ptr<spdlog::logger> log() {
  static auto l = logger("weir.taskmanager");
  return l;
}

struct manager_state {
  std::shared_ptr<const graph::job_graph> plan;
  /// The plan with the job's checkpoint directory and the state layer, per directory.
  std::map<std::string, std::shared_ptr<const graph::job_graph>> plans;
  /// Checkpoints and savepoints read for restores, by directory.
  std::map<std::string, std::shared_ptr<const graph::restore_point>> restores;
  std::vector<caf::actor> tasks;
  std::shared_ptr<job_completion> completion;
  std::string coordinator_name;
  caf::actor_addr coordinator;
  /// The job's outcome, once job_done_msg told it (nullopt inside: it succeeded). The worker
  /// leaves only on the coordinator's finish_atom after that (or when it loses the
  /// coordinator): leaving at once could end the process before the answer with the collected
  /// records went out.
  std::optional<std::optional<error>> outcome;
  bool done = false;
  static inline const char* name = "weir.task_manager";
};

using manager_self = caf::stateful_actor<manager_state>;

std::shared_ptr<const graph::job_graph> plan_for(manager_self* self, const std::string& base) {
  auto& p = self->state.plans[base];
  if (!p)
    p = with_checkpoint_storage(*self->state.plan, base);
  return p;
}

std::variant<std::shared_ptr<const graph::restore_point>, error>
restore_for(manager_self* self, const std::string& dir) {
  if (dir.empty())
    return std::shared_ptr<const graph::restore_point>{};
  auto& cached = self->state.restores[dir];
  if (!cached) {
    auto read = graph::read_restore_point(dir);
    if (auto* err = std::get_if<error>(&read))
      return error{err->code(), err->message() + " (read on this worker: checkpoints must be "
                                                  "on a file system every node reaches)"};
    cached = std::get<std::shared_ptr<const graph::restore_point>>(read);
  }
  return cached;
}

void cancel_tasks(manager_self* self) {
  for (auto& t : self->state.tasks)
    self->send(t, cancel_atom::value);
}

/// The job ended for this worker (`err`: how, if not well): stop its tasks (none should be
/// left, but a task of an abandoned deployment may be), hand the outcome to execute(), quit.
void leave(manager_self* self, std::optional<error> err) {
  auto& s = self->state;
  if (!s.done) {
    s.done = true;
    cancel_tasks(self);
    s.completion->complete(job_execution_result{s.plan->job_name, {}, {}, std::move(err)});
  }
  self->quit();
}

caf::behavior manager_behavior(manager_self* self, std::shared_ptr<const graph::job_graph> plan,
                               std::shared_ptr<job_completion> completion,
                               std::string coordinator_name) {
  auto& st = self->state;
  st.plan = std::move(plan);
  st.completion = std::move(completion);
  st.coordinator_name = std::move(coordinator_name);
  self->set_down_handler([=](const caf::down_msg& dm) {
    auto& s = self->state;
    if (dm.source == s.coordinator && s.outcome && !s.done) {
      leave(self, *s.outcome); // the job had ended; the coordinator went before its goodbye
      return;
    }
    if (dm.source == s.coordinator && !s.done) {
      log()->error("lost the coordinator at {}; cancelling {} task(s)", s.coordinator_name,
                   s.tasks.size());
      leave(self, error{errc::io_error,
                        "lost the coordinator at " + s.coordinator_name
                          + " (its process ended or the network failed); this worker's tasks "
                            "were cancelled. A cluster has one coordinator: start the job "
                            "again"});
      return;
    }
    auto& ts = s.tasks;
    ts.erase(std::remove_if(ts.begin(), ts.end(),
                            [&](const caf::actor& t) { return t.address() == dm.source; }),
             ts.end());
  });
  return {
    [=](cancel_atom) {
      // The worker's own client cancelled: leave the cluster (the job master sees the tasks
      // go and restarts elsewhere, or fails).
      leave(self, error{errc::cancelled, "this worker was cancelled and left the cluster"});
    },
    [=](caf::monitor_atom, const caf::actor& coordinator) {
      self->state.coordinator = coordinator.address();
      self->monitor(coordinator);
    },
    [=](deploy_task_msg& m) -> deployed_msg {
      auto& s = self->state;
      if (s.done || s.outcome)
        return {caf::actor{}, "the worker is leaving the cluster"};
      const auto& jg = *s.plan;
      if (m.vertex < 0 || static_cast<std::size_t>(m.vertex) >= jg.vertices.size()
          || m.subtask < 0 || m.subtask >= jg.vertices[m.vertex].parallelism)
        return {caf::actor{}, "no task " + std::to_string(m.vertex) + "/"
                                + std::to_string(m.subtask) + " in this worker's plan"};
      if (m.targets.size() != m.channels.size()
          || m.targets.size() != jg.output_channels(m.vertex, m.subtask).size())
        return {caf::actor{}, "the routes do not match this worker's plan"};
      auto restore = restore_for(self, m.restore_dir);
      if (auto* err = std::get_if<error>(&restore))
        return {caf::actor{}, err->to_string()};
      std::vector<output_route> routes;
      for (std::size_t i = 0; i < m.targets.size(); ++i)
        routes.push_back({m.targets[i], m.channels[i]});
      auto t = spawn_task(self->system(), plan_for(self, m.checkpoint_base), m.vertex, m.subtask,
                          std::move(routes), m.master,
                          task_deployment{m.attempt, std::get<0>(restore)});
      self->monitor(t);
      s.tasks.push_back(t);
      return {t, std::string{}};
    },
    [=](job_done_msg& m) -> collected_msg {
      auto& s = self->state;
      collected_msg out;
      // On the coordinator's own node the collect() sinks already gathered into the
      // program's objects: nothing to ship.
      auto sender = self->current_sender();
      bool remote = sender && sender->node() != self->node();
      if (remote)
        for (const auto& n : s.plan->graph->nodes())
          if (n.collected && n.collected->can_encode())
            out.parts.push_back(collected_part{n.id, n.collected->take_encoded()});
      if (!s.outcome) {
        s.outcome = m.failed ? std::optional{error{static_cast<errc>(m.code), m.message}}
                             : std::nullopt;
        cancel_tasks(self); // none should be left; a task of an abandoned deployment may be
      }
      return out;
    },
    [=](finish_atom) {
      // The coordinator has this worker's answer: leave.
      auto& s = self->state;
      leave(self, s.outcome ? *s.outcome
                            : std::optional{error{errc::internal, "the coordinator ended the "
                                                                  "job without its outcome"}});
    },
  };
}

} // namespace

caf::actor spawn_task_manager(caf::actor_system& sys, std::shared_ptr<const graph::job_graph> plan,
                              std::shared_ptr<job_completion> completion,
                              std::string coordinator_name) {
  return sys.spawn(manager_behavior, std::move(plan), std::move(completion),
                   std::move(coordinator_name));
}

} // namespace weir::actors
