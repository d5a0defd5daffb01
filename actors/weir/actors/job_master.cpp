#include "weir/actors/job_master.hpp"

#include <algorithm>
#include <chrono>
#include <map>
#include <random>
#include <set>

#include <caf/event_based_actor.hpp>
#include <caf/scoped_actor.hpp>
#include <caf/stateful_actor.hpp>

#include "weir/actors/task_actor.hpp"
#include "weir/actors/type_ids.hpp"
#include "weir/checkpoint/checkpoint_coordinator.hpp"
#include "weir/flow/job_lifecycle.hpp"
#include "weir/flow/job_tracker.hpp"
#include "weir/flow/queryable_state_directory.hpp"
#include "weir/logger.hpp"

namespace weir::actors {

namespace {

namespace fs = std::filesystem;
using checkpoint::checkpoint_coordinator;

/// Tasks write every snapshot under `<job dir>/chk-<n>`, savepoints included (a barrier
/// carries only its number). A savepoint's files move into its own directory right before
/// its manifest is written there, so that it is self-contained.
class job_checkpoint_storage final : public checkpoint::checkpoint_storage {
public:
  explicit job_checkpoint_storage(std::shared_ptr<fs::path> job_dir)
    : job_dir_(std::move(job_dir)) {}

  bool exists(const fs::path& dir) override { return fs_.exists(dir); }
  std::optional<error> create_directory(const fs::path& dir) override {
    return fs_.create_directory(dir);
  }
  std::optional<error> write_metadata(const checkpoint::checkpoint_metadata& meta,
                                      const fs::path& dir) override {
    auto written = *job_dir_ / ("chk-" + std::to_string(meta.id.value()));
    std::error_code ec;
    if (meta.savepoint && fs::exists(written, ec) && !fs::equivalent(written, dir, ec)) {
      for (const auto& entry : fs::directory_iterator(written, ec)) {
        auto target = dir / entry.path().filename();
        fs::rename(entry.path(), target, ec);
        if (ec) { // another file system: copy, then remove
          ec.clear();
          fs::copy(entry.path(), target, fs::copy_options::recursive, ec);
          if (ec)
            return error{errc::io_error, "cannot move " + entry.path().string() + " into the "
                                           "savepoint directory " + dir.string() + ": "
                                           + ec.message()};
        }
      }
      fs::remove_all(written, ec);
    }
    return fs_.write_metadata(meta, dir);
  }
  std::optional<error> remove(const fs::path& dir) override { return fs_.remove(dir); }
  void remove_if_empty(const fs::path& dir) override { fs_.remove_if_empty(dir); }

private:
  std::shared_ptr<fs::path> job_dir_;
  checkpoint::filesystem_checkpoint_storage fs_;
};

struct savepoint_request {
  caf::response_promise promise;
  bool stop = false;
};

struct master_state {
  std::shared_ptr<const graph::job_graph> plan;
  /// A cluster's resource manager, which hands out slots on workers; null: tasks run here.
  caf::actor resource_manager;
  /// True while tasks are being deployed on workers (asynchronously, downstream first).
  bool deploying = false;
  /// Increases with every deployment; replies of an abandoned one are recognised by it.
  std::uint64_t deploy_round = 0;
  std::shared_ptr<job_completion> completion;
  std::string job_id;
  std::uint32_t attempt = 0;
  std::vector<caf::actor> tasks;
  std::vector<bool> source_task;
  std::map<std::pair<int, int>, std::size_t> index_of; ///< (vertex, subtask) -> task index
  std::vector<bool> finished_task;
  std::size_t finished_count = 0;
  std::unique_ptr<flow::job_lifecycle> lifecycle;
  std::unique_ptr<checkpoint_coordinator> coordinator;
  std::unique_ptr<restart_backoff> backoff;
  std::shared_ptr<const graph::restore_point> restore;
  std::vector<job_restart> restarts;
  std::map<std::uint64_t, savepoint_request> savepoints;
  std::vector<flow::operator_metrics> metrics;
  std::uint64_t completed_checkpoints = 0;
  std::string final_savepoint;
  std::uint64_t final_checkpoint = 0; ///< id of the final checkpoint, once triggered
  bool client_cancelled = false;
  bool stopping = false;
  std::chrono::steady_clock::time_point started;
  std::chrono::steady_clock::time_point ending_since;
  std::chrono::milliseconds cancellation_interval{30000};
  bool completed = false;
  /// Where each queryable state lives; filled by the tasks as they declare them.
  flow::queryable_state_directory queryable;
  /// Times, failures, checkpoint history and final counts, for job details (REST, CLI).
  std::unique_ptr<flow::job_tracker> tracker;
  std::shared_ptr<const time::clock> clock;
  static inline const char* name = "weir.job_master";
};

using master_self = caf::stateful_actor<master_state>;

std::shared_ptr<spdlog::logger> job_log() {
  static auto log = logger("weir.job");
  return log;
}

/// Processing time in ms since the epoch (the job's clock), for the job's history.
std::int64_t now_ms(const master_state& st) {
  return st.clock ? st.clock->now().count() : time::system_clock()->now().count();
}

/// The job's details as the master knows them (no live samples).
std::shared_ptr<job_details> current_details(const master_state& st) {
  auto status = st.lifecycle ? st.lifecycle->status() : job_status::running;
  return std::make_shared<job_details>(
    st.tracker->details(status, static_cast<std::uint32_t>(st.restarts.size()), now_ms(st)));
}

std::string make_job_id() {
  std::random_device rd;
  std::mt19937_64 rng{(std::uint64_t{rd()} << 32) ^ rd()};
  static const char* hex = "0123456789abcdef";
  std::string id;
  for (int i = 0; i < 32; ++i)
    id += hex[rng() & 15];
  return id;
}

std::size_t task_index(const master_state& st, const caf::actor_addr& who) {
  for (std::size_t i = 0; i < st.tasks.size(); ++i)
    if (st.tasks[i] && st.tasks[i].address() == who)
      return i;
  return st.tasks.size();
}

/// The task that sent a report: by its actor, or, while a deployment on workers is under
/// way (a task may report before its task manager's answer arrived), by (vertex, subtask).
std::size_t reporting_task(const master_state& st, const caf::actor_addr& who, int vertex,
                           int subtask) {
  auto i = task_index(st, who);
  if (i == st.tasks.size() && st.deploying)
    if (auto it = st.index_of.find({vertex, subtask}); it != st.index_of.end())
      return it->second;
  return i;
}

void broadcast_abort(master_self* self, const checkpoint_coordinator::abort& a);

/// Tells the nodes that wait for the job's end for good (actor sources' inlets) how it ended.
void announce_job_end(const graph::job_graph& plan, const job_execution_result& result) {
  if (!plan.graph)
    return;
  const std::string how = result.ok() ? std::string{"finished"}
                                      : "ended with an error: " + result.err().to_string();
  for (const auto& n : plan.graph->nodes())
    if (n.on_job_end)
      n.on_job_end(how);
}
void fail_job(master_self* self, error err);
void apply(master_self* self, flow::job_lifecycle::action next);

/// Reads the manifest of the checkpoint or savepoint at `path` and checks it against the
/// plan: every operator in it must still exist, unless non-restored state is allowed.
std::variant<std::shared_ptr<const graph::restore_point>, error>
load_restore_point(const graph::job_graph& jg, const fs::path& path) {
  auto read = graph::read_restore_point(path);
  if (auto* err = std::get_if<error>(&read))
    return *err;
  const auto& point = std::get<std::shared_ptr<const graph::restore_point>>(read);
  if (!jg.allow_non_restored_state) {
    std::set<std::string> ids;
    for (const auto& v : jg.vertices)
      for (int n : v.nodes)
        ids.insert(graph::operator_id(jg.graph->at(n)));
    for (const auto& op : point->metadata.operators)
      if (!ids.contains(op.id))
        return error{errc::invalid_configuration,
                     "the " + std::string{point->metadata.savepoint ? "savepoint" : "checkpoint"}
                       + " at " + path.string() + " has state of operator '" + op.name + "' (id "
                       + op.id + "), which this job does not have; give the operator the same "
                         "uid as before, or allow non-restored state "
                         "(environment::set_savepoint_restore(path, true))"};
  }
  return read;
}

/// "Map (2/4)": how logs and errors name subtask `s` of vertex `v`.
std::string task_name(const graph::job_graph& jg, int v, int s) {
  return jg.vertices[v].name + " (" + std::to_string(s + 1) + "/"
         + std::to_string(jg.vertices[v].parallelism) + ")";
}

/// The tasks of one deployment, downstream first (a task's routes name actors that already
/// exist): their names, which are sources, and where each (vertex, subtask) is.
void prepare_tasks(master_self* self) {
  auto& st = self->state;
  const auto& jg = *st.plan;
  std::vector<std::string> names;
  st.tasks.clear();
  st.source_task.clear();
  st.index_of.clear();
  for (auto v = static_cast<int>(jg.vertices.size()) - 1; v >= 0; --v)
    for (int s = 0; s < jg.vertices[v].parallelism; ++s) {
      st.index_of[{v, s}] = st.tasks.size();
      st.tasks.emplace_back();
      st.source_task.push_back(jg.vertices[v].in_edges.empty());
      names.push_back(task_name(jg, v, s));
    }
  st.finished_task.assign(st.tasks.size(), false);
  st.finished_count = 0;
  st.lifecycle = std::make_unique<flow::job_lifecycle>(std::move(names));
}

/// Output routes of (`v`, `s`) from the handles of the vertices downstream of it.
template <class F>
void for_each_route(const graph::job_graph& jg, int v, int s,
                    const std::vector<std::vector<caf::actor>>& handles, F&& f) {
  for (const auto& ch : jg.output_channels(v, s)) {
    int target = jg.edges[ch.edge].target_vertex;
    f(handles[target][ch.peer_subtask],
      jg.input_channel_index(target, ch.peer_subtask, ch.edge, s));
  }
}

void deploy_locally(master_self* self) {
  auto& st = self->state;
  const auto& jg = *st.plan;
  std::vector<std::vector<caf::actor>> handles(jg.vertices.size());
  for (auto v = static_cast<int>(jg.vertices.size()) - 1; v >= 0; --v) {
    handles[v].resize(jg.vertices[v].parallelism);
    for (int s = 0; s < jg.vertices[v].parallelism; ++s) {
      std::vector<output_route> routes;
      for_each_route(jg, v, s, handles, [&](const caf::actor& target, std::uint32_t channel) {
        routes.push_back({target, channel});
      });
      auto t = spawn_task(self->system(), st.plan, v, s, std::move(routes),
                          caf::actor_cast<caf::actor>(self), task_deployment{st.attempt, st.restore});
      self->monitor(t);
      handles[v][s] = t;
      st.tasks[st.index_of[{v, s}]] = t;
    }
  }
}

void finish_deploy(master_self* self);
void deploy_vertex(master_self* self, std::uint64_t round, int v,
                   std::shared_ptr<std::vector<std::vector<caf::actor>>> handles,
                   std::shared_ptr<slots_msg> slots);

/// A deployment on workers could not complete: the job fails (and may restart); tasks never
/// deployed count as stopped.
void deploy_failed(master_self* self, error err) {
  auto& st = self->state;
  st.deploying = false;
  ++st.deploy_round;
  job_log()->warn("job '{}': deployment failed: {}", st.plan->job_name, err.to_string());
  auto next = st.lifecycle->fail(std::move(err));
  for (std::size_t i = 0; i < st.tasks.size(); ++i)
    if (!st.tasks[i])
      (void) st.lifecycle->task_stopped(i, "never deployed");
  apply(self, next); // cancels the tasks that were deployed
}

/// Deploys the tasks on the slots the cluster's resource manager hands out, vertex by vertex,
/// downstream first; each task manager answers with the task's actor.
void deploy_on_cluster(master_self* self) {
  auto& st = self->state;
  const auto& jg = *st.plan;
  int required = 0;
  for (const auto& v : jg.vertices)
    required = std::max(required, v.parallelism);
  st.deploying = true;
  auto round = ++st.deploy_round;
  bool first = st.restarts.empty();
  self->request(st.resource_manager, caf::infinite, allocate_slots_msg{required, st.attempt, first})
    .then(
      [=](slots_msg& m) {
        auto& s = self->state;
        if (s.deploy_round != round || s.completed)
          return;
        if (!m.error.empty()) {
          deploy_failed(self, error{errc::invalid_configuration, m.error});
          return;
        }
        std::string placement;
        for (std::size_t slot = 0; slot < m.names.size(); ++slot)
          placement += "\n  slot " + std::to_string(slot) + " (subtask " + std::to_string(slot + 1)
                       + " of every chain) -> " + m.names[slot];
        job_log()->info("job '{}' (attempt {}) places its tasks:{}", s.plan->job_name,
                        s.attempt + 1, placement);
        auto handles = std::make_shared<std::vector<std::vector<caf::actor>>>(
          s.plan->vertices.size());
        for (std::size_t v = 0; v < s.plan->vertices.size(); ++v)
          (*handles)[v].resize(s.plan->vertices[v].parallelism);
        deploy_vertex(self, round, static_cast<int>(s.plan->vertices.size()) - 1, handles,
                      std::make_shared<slots_msg>(std::move(m)));
      },
      [=](caf::error& e) {
        if (self->state.deploy_round == round)
          deploy_failed(self, error{errc::internal, "the cluster's resource manager did not "
                                                    "answer: " + self->system().render(e)});
      });
}

void deploy_vertex(master_self* self, std::uint64_t round, int v,
                   std::shared_ptr<std::vector<std::vector<caf::actor>>> handles,
                   std::shared_ptr<slots_msg> slots) {
  auto& st = self->state;
  if (v < 0) {
    finish_deploy(self);
    return;
  }
  const auto& jg = *st.plan;
  auto pending = std::make_shared<int>(jg.vertices[v].parallelism);
  for (int s = 0; s < jg.vertices[v].parallelism; ++s) {
    deploy_task_msg m;
    m.attempt = st.attempt;
    m.vertex = v;
    m.subtask = s;
    for_each_route(jg, v, s, *handles, [&](const caf::actor& target, std::uint32_t channel) {
      m.targets.push_back(target);
      m.channels.push_back(channel);
    });
    m.master = caf::actor_cast<caf::actor>(self);
    m.restore_dir = st.restore ? st.restore->directory.string() : std::string{};
    m.checkpoint_base = st.plan->settings.checkpoint_base.string();
    auto host = slots->names[static_cast<std::size_t>(s)];
    auto name = task_name(jg, v, s);
    self->request(slots->managers[static_cast<std::size_t>(s)], std::chrono::seconds{60},
                  std::move(m))
      .then(
        [=](deployed_msg& d) {
          auto& st2 = self->state;
          if (st2.deploy_round != round || st2.completed) {
            if (d.task) // an abandoned deployment: that task has nobody to report to
              self->send(d.task, cancel_atom::value);
            return;
          }
          if (!d.error.empty() || !d.task) {
            deploy_failed(self, error{errc::internal, "cannot deploy task '" + name + "' on "
                                                        + host + ": " + d.error});
            return;
          }
          self->monitor(d.task);
          (*handles)[v][s] = d.task;
          st2.tasks[st2.index_of[{v, s}]] = d.task;
          if (--*pending == 0)
            deploy_vertex(self, round, v - 1, handles, slots);
        },
        [=](caf::error& e) {
          if (self->state.deploy_round == round)
            deploy_failed(self, error{errc::io_error, "cannot deploy task '" + name
                                                        + "' on " + host + ": "
                                                        + self->system().render(e)});
        });
  }
}

void deploy(master_self* self) {
  prepare_tasks(self);
  self->state.queryable.new_attempt();
  if (self->state.resource_manager)
    deploy_on_cluster(self);
  else
    deploy_locally(self);
}

/// Routes a client's query to the task that owns its key, which answers the client itself;
/// answers at once when there is no such task.
caf::result<state_answer_msg> route_query(master_self* self, state_query_msg& q) {
  auto& st = self->state;
  auto refuse = [](errc code, std::string message) {
    return state_answer_msg{static_cast<std::int32_t>(code), {}, std::move(message)};
  };
  if (st.completed || st.deploying || st.lifecycle->status() != job_status::running)
    return refuse(errc::job_not_running,
                  "the job is not running (it is "
                    + std::string{st.completed ? to_string(st.lifecycle->status())
                                  : st.deploying ? "being deployed"
                                  : st.lifecycle->terminal() ? "restarting"
                                                             : to_string(st.lifecycle->status())}
                    + "); retry if it restarts");
  auto routed = st.queryable.route(flow::state_query{q.name, {}, q.key_hash, q.key_type,
                                                     q.value_type});
  if (auto* err = std::get_if<error>(&routed))
    return refuse(err->code(), err->message());
  const auto& to = std::get<flow::queryable_state_directory::target>(routed);
  auto it = st.index_of.find({to.vertex, to.subtask});
  if (it == st.index_of.end() || !st.tasks[it->second])
    return refuse(errc::job_not_running, "the task owning the key is not deployed; retry");
  q.key_group = to.group.value;
  // High priority: the task answers before the batches already in its mailbox, still between
  // two messages (CAF's urgent queue), so a query does not wait for a full input buffer.
  auto promise = self->make_response_promise();
  promise.delegate<caf::message_priority::high>(st.tasks[it->second], std::move(q));
  return promise;
}

/// Where the subtasks of queryable state `name` are, for a client that routes its queries.
state_route_msg locate_state(master_self* self, const std::string& name) {
  auto& st = self->state;
  state_route_msg out;
  if (st.completed || st.deploying || st.lifecycle->status() != job_status::running) {
    out.code = static_cast<std::int32_t>(errc::job_not_running);
    out.message = "the job is not running; retry if it restarts";
    return out;
  }
  auto located = st.queryable.locate(name);
  if (auto* err = std::get_if<error>(&located)) {
    out.code = static_cast<std::int32_t>(err->code());
    out.message = err->message();
    return out;
  }
  auto& at = std::get<flow::queryable_state_directory::placement>(located);
  out.key_type = std::move(at.types.key_type);
  out.value_types = std::move(at.types.value_types);
  out.max_parallelism = at.max_parallelism;
  out.parallelism = at.parallelism;
  out.tasks.resize(static_cast<std::size_t>(std::max(at.parallelism, 0)));
  for (int s : at.subtasks)
    if (auto it = st.index_of.find({at.vertex, s});
        it != st.index_of.end() && s < at.parallelism)
      out.tasks[static_cast<std::size_t>(s)] = st.tasks[it->second];
  return out;
}

/// Completes the job once the lifecycle is terminal (every task actor gone): restarts it if
/// it failed and the strategy allows, else hands the result to the client.
void settle(master_self* self) {
  auto& st = self->state;
  if (!st.lifecycle->terminal() || st.completed)
    return;
  auto status = st.lifecycle->status();
  const auto& err = st.lifecycle->err();
  for (const auto& m : st.lifecycle->metrics())
    st.metrics.push_back(m);
  // A plan or configuration error fails every attempt the same way: no restart (Flink's
  // SuppressRestartsException).
  const bool restartable = err && err->code() != errc::invalid_plan
                           && err->code() != errc::invalid_configuration;
  if (status == job_status::failed && !st.client_cancelled && !st.stopping && restartable) {
    for (const auto& a : st.coordinator->abort_all("the job is restarting"))
      (void) a; // its tasks are gone: nobody to tell
    st.backoff->notify_failure(*err);
    if (st.backoff->can_restart()) {
      st.tracker->on_exception(*err, now_ms(st), true);
      auto delay = st.backoff->backoff_time();
      job_log()->warn("job '{}' failed (attempt {}): {}; restarting in {} ms ({})",
                      st.plan->job_name, st.attempt + 1, err->to_string(), delay.count(),
                      st.plan->restart.describe());
      self->delayed_send(self, delay, restart_atom::value);
      return;
    }
  }
  st.completed = true;
  for (auto& a : st.coordinator->shutdown(status))
    (void) a;
  auto elapsed = std::chrono::duration_cast<std::chrono::nanoseconds>(
    std::chrono::steady_clock::now() - st.started);
  std::optional<error> result_err = err;
  if (st.stopping && !st.final_savepoint.empty())
    result_err.reset(); // stop-with-savepoint ends the job successfully
  if (result_err && !st.client_cancelled)
    st.tracker->on_exception(*result_err, now_ms(st), false);
  st.tracker->on_end(now_ms(st));
  {
    auto final_status = result_err ? status : job_status::finished;
    st.completion->set_final_details(st.tracker->details(
      final_status, static_cast<std::uint32_t>(st.restarts.size()), now_ms(st)));
  }
  if (result_err)
    job_log()->warn("job '{}' {}: {}", st.plan->job_name, to_string(status),
                    result_err->to_string());
  else
    job_log()->info("job '{}' finished in {} ms", st.plan->job_name, elapsed.count() / 1'000'000);
  // Metrics of the last attempt only: a restarted job reprocesses what earlier attempts did.
  job_execution_result result{st.plan->job_name, elapsed, st.lifecycle->metrics(), result_err};
  result.set_restarts(st.restarts);
  result.set_completed_checkpoints(st.completed_checkpoints);
  result.set_savepoint_path(st.final_savepoint);
  for (auto& [id, req] : st.savepoints)
    req.promise.deliver(std::string{}, std::string{"the job ended before savepoint "
                                                   + std::to_string(id) + " completed"});
  st.savepoints.clear();
  announce_job_end(*st.plan, result);
  // Drop the plan (and the user function objects it holds) before wait() can return, so that
  // none of them is destroyed on a CAF thread after the caller went on.
  st.plan.reset();
  st.completion->complete(std::move(result));
  self->quit();
}

/// Carries out what the lifecycle asked for, then settles.
void apply(master_self* self, flow::job_lifecycle::action next) {
  auto& st = self->state;
  if (next == flow::job_lifecycle::action::cancel_tasks) {
    st.ending_since = std::chrono::steady_clock::now();
    job_log()->info("job '{}' is {}: {}; cancelling {} running tasks", st.plan->job_name,
                    to_string(st.lifecycle->status()), st.lifecycle->err()->message(),
                    st.lifecycle->running_count());
    for (auto& t : st.tasks)
      if (t)
        self->send(t, cancel_atom::value);
    self->delayed_send(self, st.cancellation_interval, check_atom::value);
  }
  settle(self);
}

void fail_job(master_self* self, error err) {
  apply(self, self->state.lifecycle->fail(std::move(err)));
}

/// Every task of a deployment on workers runs: log it, and stop them at once if the job was
/// cancelled or failed meanwhile.
void finish_deploy(master_self* self) {
  auto& st = self->state;
  st.deploying = false;
  job_log()->info("job '{}' ({}) deployed {} tasks on the cluster (attempt {})",
                  st.plan->job_name, st.job_id, st.tasks.size(), st.attempt + 1);
  if (st.lifecycle->status() != job_status::running)
    for (auto& t : st.tasks)
      self->send(t, cancel_atom::value);
  apply(self, flow::job_lifecycle::action::none);
}

void trigger(master_self* self, const checkpoint_coordinator::trigger& t) {
  auto& st = self->state;
  st.tracker->checkpoint_triggered(t.id.value(), t.savepoint, now_ms(st));
  for (std::size_t i = 0; i < st.tasks.size(); ++i)
    if (st.source_task[i] && st.tasks[i])
      self->send(st.tasks[i], trigger_checkpoint_msg{st.attempt, t.id.value(), t.savepoint});
}

void broadcast_abort(master_self* self, const checkpoint_coordinator::abort& a) {
  auto& st = self->state;
  job_log()->warn("job '{}': {} {} aborted: {}", st.plan->job_name,
                  a.savepoint ? "savepoint" : "checkpoint", a.id.value(), a.reason);
  st.tracker->checkpoint_failed(a.id.value(), a.reason, now_ms(st));
  for (auto& t : st.tasks)
    self->send(t, checkpoint_aborted_msg{st.attempt, a.id.value()});
  if (auto it = st.savepoints.find(a.id.value()); it != st.savepoints.end()) {
    it->second.promise.deliver(std::string{}, "savepoint " + std::to_string(a.id.value())
                                                + " failed: " + a.reason);
    st.savepoints.erase(it);
  }
  if (a.id.value() == st.final_checkpoint) {
    fail_job(self, error{errc::state_error, "the final checkpoint " + std::to_string(a.id.value())
                                              + " failed: " + a.reason});
    return;
  }
  if (a.fail_job) // the reason names the checkpoint, the count and the setting
    fail_job(self, error{errc::state_error, a.reason});
}

void on_completion(master_self* self, checkpoint_coordinator::completion& c) {
  auto& st = self->state;
  ++st.completed_checkpoints;
  st.tracker->checkpoint_completed(c.id.value(), c.metadata.total_bytes(), c.directory.string(),
                                   now_ms(st));
  for (const auto& a : c.subsumed)
    broadcast_abort(self, a);
  job_log()->info("job '{}': {} {} complete ({} bytes) at {}", st.plan->job_name,
                  c.savepoint ? "savepoint" : "checkpoint", c.id.value(),
                  c.metadata.total_bytes(), c.directory.string());
  for (auto& t : st.tasks)
    self->send(t, checkpoint_complete_msg{st.attempt, c.id.value()});
  if (st.final_checkpoint == c.id.value()) {
    for (auto& t : st.tasks)
      self->send(t, job_end_atom::value);
    return;
  }
  if (auto it = st.savepoints.find(c.id.value()); it != st.savepoints.end()) {
    auto req = std::move(it->second);
    st.savepoints.erase(it);
    req.promise.deliver(c.directory.string(), std::string{});
    if (req.stop) {
      st.stopping = true;
      st.final_savepoint = c.directory.string();
      apply(self, st.lifecycle->cancel_requested());
    }
  }
}

/// Every task finished. Tasks that wait for the job's end first take the final checkpoint
/// (their end state, sinks' last transactions included), so that a failure while the sinks
/// commit restores a state with nothing left to process; then they commit and stop.
void end_job(master_self* self) {
  auto& st = self->state;
  if (!st.plan->settings.linger_until_job_end) {
    for (auto& t : st.tasks)
      self->send(t, job_end_atom::value);
    return;
  }
  auto t = st.coordinator->trigger_final();
  if (auto* err = std::get_if<error>(&t)) {
    fail_job(self, *err);
    return;
  }
  const auto& trig = std::get<checkpoint_coordinator::trigger>(t);
  st.final_checkpoint = trig.id.value();
  for (auto& task : st.tasks)
    self->send(task, trigger_checkpoint_msg{st.attempt, trig.id.value(), false, true});
}

void schedule_checkpoint_tick(master_self* self) {
  const auto& cfg = self->state.plan->checkpointing;
  auto tick = cfg.enabled() ? std::clamp(cfg.interval / 4, std::chrono::milliseconds{1},
                                         std::chrono::milliseconds{100})
                            : std::chrono::milliseconds{1000};
  self->delayed_send(self, tick, checkpoint_atom::value);
}

caf::behavior master_behavior(master_self* self, std::shared_ptr<const graph::job_graph> plan,
                              std::shared_ptr<job_completion> completion,
                              std::chrono::milliseconds cancellation_interval,
                              caf::actor resource_manager) {
  auto& st = self->state;
  st.resource_manager = std::move(resource_manager);
  st.plan = std::move(plan);
  st.completion = std::move(completion);
  st.cancellation_interval = cancellation_interval;
  st.started = std::chrono::steady_clock::now();
  st.job_id = st.completion->job_id().empty() ? make_job_id() : st.completion->job_id();
  const graph::job_graph& jg = *st.plan;
  auto clock = jg.settings.clock ? jg.settings.clock : time::system_clock();
  st.clock = clock;
  st.tracker = std::make_unique<flow::job_tracker>(st.job_id, jg, now_ms(st));
  st.backoff = jg.restart.make(clock, jg.restart_seed);

  checkpoint_id next_id{1};
  if (!jg.savepoint_path.empty()) {
    auto loaded = load_restore_point(jg, jg.savepoint_path);
    if (auto* err = std::get_if<error>(&loaded)) {
      job_execution_result result{jg.job_name, {}, {}, *err};
      announce_job_end(*st.plan, result);
      st.plan.reset();
      st.completion->complete(std::move(result));
      self->quit();
      return {};
    }
    st.restore = std::get<0>(loaded);
    st.tracker->on_restored();
    next_id = checkpoint_id{st.restore->metadata.id.value() + 1};
    job_log()->info("job '{}' restores {} {} from {}", jg.job_name,
                    st.restore->metadata.savepoint ? "savepoint" : "checkpoint",
                    st.restore->metadata.id.value(), st.restore->directory.string());
  }
  auto job_dir = std::make_shared<fs::path>();
  st.coordinator = std::make_unique<checkpoint_coordinator>(
    jg.checkpointing, st.job_id, jg.job_name, jg.task_count(), clock,
    std::make_unique<job_checkpoint_storage>(job_dir), jg.restart_seed, next_id);
  *job_dir = st.coordinator->job_directory();
  // Every task writes its snapshots under the job's directory, with the state layer.
  st.plan = with_checkpoint_storage(jg, *job_dir);
  if (st.plan->settings.faults)
    job_log()->info("job '{}' injects faults: {}", st.plan->job_name,
                    st.plan->settings.faults->describe());

  deploy(self);
  job_log()->info("job '{}' ({}) {} {} tasks:\n{}", st.plan->job_name, st.job_id,
                  st.deploying ? "deploys" : "deployed", st.tasks.size(), st.plan->describe());
  if (!st.deploying)
    apply(self, flow::job_lifecycle::action::none); // a job without tasks is finished at once
  if (!st.completed)
    schedule_checkpoint_tick(self);

  self->set_down_handler([=](const caf::down_msg& dm) {
    auto& s = self->state;
    auto i = task_index(s, dm.source);
    if (i == s.tasks.size() || s.completed)
      return;
    std::string reason;
    auto code = errc::internal;
    if (dm.reason == caf::exit_reason::remote_link_unreachable) {
      reason = "the connection to its node was lost (the process died, or the network failed "
               "for longer than the heartbeat timeout)";
      code = errc::io_error;
    } else if (dm.reason && dm.reason != caf::exit_reason::normal) {
      reason = to_string(dm.reason);
    }
    // A task on another node that ended on its own reported it just before; that report can
    // reach this mailbox after the node's notice that the task is gone (which CAF also sends
    // as "unknown" when the task ended before this master watched it). Look again a moment
    // later, after the report.
    const bool remote = dm.source.node() != self->node();
    if (remote && (!dm.reason || dm.reason == caf::exit_reason::normal
                   || dm.reason == caf::exit_reason::unknown)) {
      self->delayed_send(self, std::chrono::milliseconds{20}, check_atom::value,
                         static_cast<std::uint64_t>(i), s.attempt);
      return;
    }
    apply(self, s.lifecycle->task_stopped(i, reason, code));
  });

  return {
    [=](task_finished_msg& m) {
      auto& s = self->state;
      auto i = reporting_task(s, caf::actor_cast<caf::actor_addr>(self->current_sender()),
                              m.vertex, m.subtask);
      if (i == s.tasks.size())
        return;
      s.lifecycle->task_finished(i, m.metrics);
      s.tracker->task_finished(m.vertex, m.subtask, m.metrics);
      for (const auto& a : s.coordinator->task_finished(i))
        broadcast_abort(self, a);
      if (!s.finished_task[i]) {
        s.finished_task[i] = true;
        if (++s.finished_count == s.tasks.size())
          end_job(self);
      }
    },
    [=](task_failed_msg& m) {
      auto& s = self->state;
      auto i = reporting_task(s, caf::actor_cast<caf::actor_addr>(self->current_sender()),
                              m.vertex, m.subtask);
      if (i < s.tasks.size())
        apply(self, s.lifecycle->task_failed(i, error{static_cast<errc>(m.code), m.message}));
    },
    [=](queryable_state_msg& m) {
      auto& s = self->state;
      if (m.attempt != s.attempt || s.completed)
        return;
      auto added = s.queryable.add(flow::queryable_state_directory::registration{
        std::move(m.name), m.vertex, m.subtask, std::move(m.operator_name),
        flow::queryable_state_types{std::move(m.key_type), std::move(m.value_types)},
        m.max_parallelism, m.parallelism});
      if (added)
        fail_job(self, std::move(*added));
    },
    [=](state_query_msg& q) { return route_query(self, q); },
    [=](locate_atom, const std::string& name) { return locate_state(self, name); },
    [=](details_atom) {
      auto& s = self->state;
      job_info_msg info{current_details(s), {}};
      if (!s.deploying)
        for (const auto& t : s.tasks)
          if (t)
            info.tasks.push_back(t);
      return info;
    },
    [=](cancel_atom) {
      self->state.client_cancelled = true;
      apply(self, self->state.lifecycle->cancel_requested());
    },
    [=](savepoint_atom, std::string& directory, bool stop) -> caf::result<std::string, std::string> {
      auto& s = self->state;
      if (s.deploying)
        return {std::string{}, std::string{"the job is being deployed; try again in a moment"}};
      if (s.completed || s.lifecycle->status() != job_status::running)
        return {std::string{}, std::string{"the job is not running (it is "
                                           + std::string{to_string(s.lifecycle->status())}
                                           + ")"}};
      auto t = s.coordinator->trigger_savepoint(directory);
      if (auto* err = std::get_if<error>(&t))
        return {std::string{}, err->to_string()};
      const auto& trig = std::get<checkpoint_coordinator::trigger>(t);
      auto promise = self->make_response_promise<std::string, std::string>();
      s.savepoints[trig.id.value()] = savepoint_request{promise, stop};
      trigger(self, trig);
      return promise;
    },
    [=](checkpoint_atom) {
      auto& s = self->state;
      if (s.completed)
        return;
      if (s.lifecycle->status() == job_status::running && !s.deploying) {
        for (const auto& a : s.coordinator->check_timeouts())
          broadcast_abort(self, a);
        auto polled = s.coordinator->poll();
        if (auto* t = std::get_if<checkpoint_coordinator::trigger>(&polled))
          trigger(self, *t);
        else if (auto* a = std::get_if<checkpoint_coordinator::abort>(&polled))
          broadcast_abort(self, *a);
      }
      if (!s.completed)
        schedule_checkpoint_tick(self);
    },
    [=](acknowledge_checkpoint_msg& m) {
      auto& s = self->state;
      if (m.attempt != s.attempt || s.completed)
        return;
      // The asynchronous part answers from a thread of its own: the task is named inside.
      auto it = s.index_of.find({m.vertex, m.subtask});
      if (it == s.index_of.end())
        return;
      auto r = s.coordinator->acknowledge(checkpoint_id{m.checkpoint}, it->second,
                                          std::move(m.snapshot));
      if (auto* c = std::get_if<checkpoint_coordinator::completion>(&r))
        on_completion(self, *c);
      else if (auto* a = std::get_if<checkpoint_coordinator::abort>(&r))
        broadcast_abort(self, *a);
    },
    [=](decline_checkpoint_msg& m) {
      auto& s = self->state;
      if (m.attempt != s.attempt || s.completed)
        return;
      auto it = s.index_of.find({m.vertex, m.subtask});
      if (it == s.index_of.end())
        return;
      if (auto a = s.coordinator->decline(checkpoint_id{m.checkpoint}, it->second,
                                          error{static_cast<errc>(m.code), m.message}))
        broadcast_abort(self, *a);
    },
    [=](restart_atom) {
      auto& s = self->state;
      if (s.completed)
        return;
      job_restart r{*s.lifecycle->err(), std::nullopt, {}};
      // The newest retained checkpoint that reads back; a damaged one falls back to the one
      // before it, then to the savepoint the job started from, then to an empty start.
      std::shared_ptr<const graph::restore_point> point;
      auto retained = s.coordinator->retained_checkpoints();
      for (auto it = retained.rbegin(); it != retained.rend() && !point; ++it) {
        auto dir = s.coordinator->job_directory() / ("chk-" + std::to_string(it->value()));
        auto loaded = load_restore_point(*s.plan, dir);
        if (auto* err = std::get_if<error>(&loaded))
          job_log()->error("job '{}': cannot restore checkpoint {}: {}; trying an older one",
                           s.plan->job_name, it->value(), err->to_string());
        else
          point = std::get<0>(loaded);
      }
      if (!point && !s.plan->savepoint_path.empty())
        point = s.restore; // what the job started from
      else if (!point)
        point = nullptr;
      s.restore = point;
      if (point) {
        r.restored_checkpoint = point->metadata.id;
        r.restored_path = point->directory.string();
      }
      s.restarts.push_back(r);
      s.tracker->on_new_attempt();
      if (point)
        s.tracker->on_restored();
      ++s.attempt;
      s.final_checkpoint = 0;
      for (const auto& a : s.coordinator->restarted(s.plan->task_count()))
        (void) a;
      deploy(self);
      job_log()->info("job '{}' restarted (attempt {}) from {}", s.plan->job_name,
                      s.attempt + 1, point ? point->directory.string() : std::string{"scratch"});
      if (!s.deploying)
        apply(self, flow::job_lifecycle::action::none);
    },
    [=](check_atom, std::uint64_t task, std::uint32_t attempt) {
      // A remote task's end, looked at again (see the down handler).
      auto& s = self->state;
      if (s.completed || attempt != s.attempt || task >= s.tasks.size())
        return;
      apply(self, s.lifecycle->task_stopped(task, "it ended without reporting"));
    },
    [=](check_atom) {
      // Flink's task.cancellation.interval: name the tasks that have not stopped yet, e.g. a
      // source blocked in poll() or a sink blocked in a write. wait() keeps waiting for them.
      auto& s = self->state;
      if (s.completed || s.lifecycle->terminal())
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

std::string random_job_id() { return make_job_id(); }

caf::actor spawn_job_master(caf::actor_system& sys, std::shared_ptr<const graph::job_graph> plan,
                            std::shared_ptr<job_completion> completion,
                            std::chrono::milliseconds cancellation_interval,
                            caf::actor resource_manager) {
  return sys.spawn(master_behavior, std::move(plan), std::move(completion),
                   cancellation_interval, std::move(resource_manager));
}

std::variant<std::string, error> request_savepoint(caf::actor_system& sys, const caf::actor& master,
                                                   const job_completion& completion,
                                                   std::string directory, bool stop) {
  if (completion.done())
    return error{errc::invalid_configuration,
                 "cannot take a savepoint: the job has ended; take one while it runs"};
  caf::scoped_actor self{sys};
  std::variant<std::string, error> out = error{errc::internal, "no answer from the job master"};
  self->request(master, caf::infinite, savepoint_atom::value, std::move(directory), stop)
    .receive(
      [&](const std::string& path, const std::string& err) {
        if (err.empty())
          out = path;
        else
          out = error{errc::state_error, "savepoint failed: " + err};
      },
      [&](const caf::error& err) {
        out = error{errc::internal,
                    "savepoint failed: the job master did not answer (" + sys.render(err) + ")"};
      });
  return out;
}

} // namespace weir::actors
