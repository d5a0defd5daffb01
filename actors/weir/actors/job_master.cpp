#include "weir/actors/job_master.hpp"

#include <chrono>
#include <map>

#include <caf/event_based_actor.hpp>
#include <caf/stateful_actor.hpp>

#include "weir/actors/task_actor.hpp"
#include "weir/actors/type_ids.hpp"
#include "weir/logger.hpp"

namespace weir::actors {

namespace {

struct master_state {
  std::shared_ptr<const graph::job_graph> plan;
  std::shared_ptr<job_completion> completion;
  std::vector<caf::actor> tasks;
  std::size_t running = 0;
  std::map<int, flow::operator_metrics> metrics; // by node id
  std::chrono::steady_clock::time_point started;
  bool ended = false;
  static inline const char* name = "weir.job_master";
};

using master_self = caf::stateful_actor<master_state>;

std::vector<flow::operator_metrics> summed(const master_state& st) {
  std::vector<flow::operator_metrics> out;
  for (const auto& [id, m] : st.metrics)
    out.push_back(m);
  return out;
}

void end_job(master_self* self, std::optional<error> err) {
  auto& st = self->state;
  if (st.ended)
    return;
  st.ended = true;
  if (err)
    for (auto& t : st.tasks)
      self->send(t, cancel_atom::value);
  auto elapsed = std::chrono::steady_clock::now() - st.started;
  static auto log = logger("weir.job");
  if (err)
    log->warn("job '{}' ended: {}", st.plan->job_name, err->to_string());
  else
    log->info("job '{}' finished in {} ms", st.plan->job_name,
              std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count());
  st.completion->complete(job_execution_result{
    st.plan->job_name, std::chrono::duration_cast<std::chrono::nanoseconds>(elapsed), summed(st),
    std::move(err)});
  self->quit();
}

caf::behavior master_behavior(master_self* self, std::shared_ptr<const graph::job_graph> plan,
                              std::shared_ptr<job_completion> completion) {
  auto& st = self->state;
  st.plan = std::move(plan);
  st.completion = std::move(completion);
  st.started = std::chrono::steady_clock::now();
  const auto& jg = *st.plan;

  // Deploy downstream first: a task's routes name actors that already exist.
  std::vector<std::vector<caf::actor>> handles(jg.vertices.size());
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
    }
  }
  st.running = st.tasks.size();
  logger("weir.job")->info("job '{}' deployed {} tasks:\n{}", jg.job_name, st.tasks.size(),
                           jg.describe());

  self->set_down_handler([=](const caf::down_msg& dm) {
    // A task that ends without reporting died unexpectedly (a bug, or the system shutting down).
    if (dm.reason && !self->state.ended && dm.reason != caf::exit_reason::normal)
      end_job(self, error{errc::internal, "a task stopped unexpectedly: " + to_string(dm.reason)});
  });

  return {
    [=](task_finished_msg& m) {
      auto& s = self->state;
      for (auto& om : m.metrics) {
        auto [it, fresh] = s.metrics.try_emplace(om.node_id, om);
        if (!fresh) {
          it->second.records_in += om.records_in;
          it->second.records_out += om.records_out;
        }
      }
      if (--s.running == 0)
        end_job(self, std::nullopt);
    },
    [=](const task_failed_msg& m) { end_job(self, error{static_cast<errc>(m.code), m.message}); },
    [=](cancel_atom) { end_job(self, error{errc::cancelled, "the job was cancelled by its client"}); },
  };
}

} // namespace

caf::actor spawn_job_master(caf::actor_system& sys, std::shared_ptr<const graph::job_graph> plan,
                            std::shared_ptr<job_completion> completion) {
  return sys.spawn(master_behavior, std::move(plan), std::move(completion));
}

} // namespace weir::actors
