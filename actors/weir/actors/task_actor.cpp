#include "weir/actors/task_actor.hpp"

#include <exception>
#include <variant>

#include <caf/send.hpp>

#include <caf/event_based_actor.hpp>
#include <caf/stateful_actor.hpp>

#include "weir/actor_io.hpp"
#include "weir/actors/type_ids.hpp"
#include "weir/flow/task_time_meter.hpp"
#include "weir/flow/transport.hpp"
#include "weir/graph/task_builder.hpp"
#include "weir/state/backend_persistence.hpp"
#include "weir/wire/channel_frame.hpp"

namespace weir::actors {

std::shared_ptr<const graph::job_graph>
with_checkpoint_storage(const graph::job_graph& plan, std::filesystem::path checkpoint_base) {
  auto copy = std::make_shared<graph::job_graph>(plan);
  copy->settings.persistence = state::make_backend_persistence();
  copy->settings.checkpoint_base = std::move(checkpoint_base);
  return copy;
}

wire_counters& wire_statistics() noexcept {
  static wire_counters counters;
  return counters;
}

namespace {

/// The task's transport: each call becomes one message. Within the node a batch moves by
/// pointer; to a task on another node every event is a Cap'n Proto frame, and the frames one
/// activation of the task produced for a receiver go as one wire_msg (flush()). The sender
/// keeps an encoded batch to refill it when credit comes back.
class actor_transport final : public flow::transport {
public:
  struct upstream {
    caf::actor sender;
    std::uint32_t channel = 0;
    int queue = -1; ///< index into remote_ for a sender on another node, else -1
  };
  /// An output channel: its route, and for a receiver on another node its queue, the record
  /// type and the batches already sent (kept for refilling).
  struct output {
    output_route route;
    const flow::type_ops* type = nullptr;
    int queue = -1; ///< index into remote_ for a receiver on another node, else -1
    std::vector<flow::batch_ptr> spare;
  };

  actor_transport(caf::event_based_actor* self, std::vector<output> outputs, std::size_t inputs,
                  caf::actor master, std::uint32_t attempt, int vertex, int subtask)
    : self_(self), outputs_(std::move(outputs)), upstream_(inputs), master_(std::move(master)),
      attempt_(attempt), vertex_(vertex), subtask_(subtask) {
    for (auto& o : outputs_)
      o.queue = queue_of(o.route.target);
  }

  void send_batch(std::uint32_t out, flow::batch_ptr batch) override {
    auto& o = outputs_[out];
    if (o.queue < 0) {
      deliver(o.route.target, batch_msg{o.route.channel, std::move(batch)});
      return;
    }
    auto bytes = wire::encode_batch_frame(o.route.channel, *o.type, *batch);
    auto& stats = wire_statistics();
    stats.records_sent.fetch_add(batch->size(), std::memory_order_relaxed);
    stats.bytes_sent.fetch_add(bytes.size(), std::memory_order_relaxed);
    stats.batches_sent.fetch_add(1, std::memory_order_relaxed);
    batch->clear();
    o.spare.push_back(std::move(batch));
    remote_[o.queue].frames.push_back(std::move(bytes));
  }
  void send_control(std::uint32_t out, flow::control_event control) override {
    const auto& o = outputs_[out];
    if (o.queue >= 0)
      remote_[o.queue].frames.push_back(
        wire::encode_frame(wire::control_frame{o.route.channel, control}));
    else
      deliver(o.route.target, control_msg{o.route.channel, control});
  }
  void delay_sends(std::chrono::milliseconds delay) override { delay_ = delay; }
  [[nodiscard]] void* host() const noexcept override { return self_; }
  [[nodiscard]] bool remote_output(std::uint32_t out) const noexcept override {
    return out < outputs_.size() && outputs_[out].queue >= 0;
  }
  void send_credit(std::uint32_t in, std::uint32_t batches,
                   std::vector<flow::batch_ptr> recycled) override {
    const auto& u = upstream_.at(in);
    if (!u.sender)
      return;
    if (u.queue >= 0) // the batches stay here; the sender refills its own
      remote_[u.queue].frames.push_back(
        wire::encode_frame(wire::credit_frame{u.channel, batches}));
    else
      deliver(u.sender, credit_msg{u.channel, batches, std::move(recycled)});
  }
  /// Greets every receiver: "I am the sender of your input channel c".
  void open_channels() {
    for (std::uint32_t i = 0; i < outputs_.size(); ++i) {
      const auto& o = outputs_[i];
      if (o.queue >= 0)
        remote_[o.queue].frames.push_back(
          wire::encode_frame(wire::open_frame{o.route.channel, i}));
      else
        self_->send(o.route.target, open_channel_msg{o.route.channel, i});
    }
    flush();
  }
  /// Sends the frames queued for tasks on other nodes, one message per receiver.
  void flush() {
    for (auto& q : remote_)
      if (!q.frames.empty()) {
        wire_statistics().messages_sent.fetch_add(1, std::memory_order_relaxed);
        deliver(q.target, wire_msg{std::exchange(q.frames, {})});
      }
  }
  /// Batches sent on remote output `out`, emptied, for the credit that came back.
  [[nodiscard]] std::vector<flow::batch_ptr> take_spare(std::uint32_t out) {
    if (out >= outputs_.size())
      return {};
    return std::exchange(outputs_[out].spare, {});
  }
  void schedule_flush(std::chrono::milliseconds delay) override {
    self_->delayed_send(self_, delay, tick_atom::value);
  }
  void schedule_timer(std::chrono::milliseconds delay) override {
    self_->delayed_send(self_, delay, timer_atom::value);
  }
  void schedule_poll(std::chrono::microseconds delay) override {
    // Only the newest poll is live: a wake-up replaces a backed-off poll already scheduled
    // (CAF cannot take a delayed message back), and the old one is ignored when it arrives.
    ++poll_token_;
    if (delay.count() == 0)
      self_->send(self_, poll_atom::value, poll_token_);
    else
      self_->delayed_send(self_, delay, poll_atom::value, poll_token_);
  }
  [[nodiscard]] bool live_poll(std::uint64_t token) const noexcept { return token == poll_token_; }
  [[nodiscard]] std::function<void()> waker() const override {
    return [addr = self_->address()] {
      if (auto task = caf::actor_cast<caf::actor>(addr))
        caf::anon_send(task, wake_atom::value);
    };
  }

  void acknowledge_checkpoint(checkpoint_id id, snapshot_writer write) override {
    // The asynchronous part runs on a thread of its own (Flink's async snapshot threads), so
    // that the task goes on with its records while the files are written; it answers the
    // master directly.
    auto run = [master = master_, attempt = attempt_, v = vertex_, s = subtask_, id,
                write = std::move(write)]() {
      auto written = write();
      if (auto* err = std::get_if<error>(&written))
        caf::anon_send(master, decline_checkpoint_msg{attempt, v, s, id.value(),
                                                      static_cast<std::int32_t>(err->code()),
                                                      err->message()});
      else
        caf::anon_send(master, acknowledge_checkpoint_msg{
                                 attempt, v, s, id.value(),
                                 std::move(std::get<checkpoint::task_snapshot>(written))});
    };
    self_->spawn<caf::detached>([run = std::move(run)]() mutable { run(); });
  }

  void set_upstream(std::uint32_t in, caf::actor sender, std::uint32_t channel) {
    int queue = queue_of(sender);
    upstream_.at(in) = upstream{std::move(sender), channel, queue};
  }

private:
  /// Frames waiting for the end of the activation, for one task on another node.
  struct remote_queue {
    caf::actor target;
    std::vector<std::string> frames;
  };

  /// The queue of `target` if it lives on another node (made on first use), else -1.
  int queue_of(const caf::actor& target) {
    if (!target || target.node() == self_->node())
      return -1;
    for (std::size_t i = 0; i < remote_.size(); ++i)
      if (remote_[i].target == target)
        return static_cast<int>(i);
    remote_.push_back(remote_queue{target, {}});
    return static_cast<int>(remote_.size() - 1);
  }

  caf::event_based_actor* self_;
  std::vector<output> outputs_;
  std::vector<upstream> upstream_;
  std::vector<remote_queue> remote_;
  template <class Message>
  void deliver(const caf::actor& to, Message&& m) {
    // Injected delay (fault_plan::delay_channel): every message waits the same time, so the
    // order on each channel stays.
    if (delay_.count() > 0)
      self_->delayed_send(to, delay_, std::forward<Message>(m));
    else
      self_->send(to, std::forward<Message>(m));
  }

  caf::actor master_;
  std::uint32_t attempt_;
  int vertex_;
  int subtask_;
  std::chrono::milliseconds delay_{0};
  std::uint64_t poll_token_ = 0;
};

struct task_state {
  std::shared_ptr<const graph::job_graph> plan;
  std::unique_ptr<actor_transport> transport;
  /// Record type of each input channel (batches from other nodes are decoded with it).
  std::vector<const flow::type_ops*> input_types;
  std::unique_ptr<flow::task> task;
  caf::actor master;
  int vertex = 0;
  int subtask = 0;
  std::uint32_t attempt = 0;
  bool reported = false;        ///< finished or failed was reported (nothing more is)
  bool failed = false;
  /// Busy, idle and backpressured time (with metrics on).
  flow::task_time_meter meter{now_ns()};
  bool metered = true;
  static inline const char* name = "weir.task";

  static std::chrono::nanoseconds now_ns() noexcept {
    return std::chrono::steady_clock::now().time_since_epoch();
  }
};

using task_self = caf::stateful_actor<task_state>;

void report_failure(task_self* self, const error& err) {
  auto& st = self->state;
  if (!st.failed) {
    st.reported = true;
    st.failed = true;
    self->send(st.master, task_failed_msg{st.vertex, st.subtask,
                                          static_cast<std::int32_t>(err.code()), err.message()});
  }
  if (st.task)
    try {
      st.task->cancel();
    } catch (...) {
      // Closing after a failure is best effort; the first error is the one reported.
    }
  self->quit();
}

/// Runs one task event; a throw fails the task, a finished task reports and quits.
template <class F>
void step(task_self* self, F&& f) {
  auto& st = self->state;
  if (st.failed || !st.task)
    return;
  if (st.metered)
    st.meter.begin(task_state::now_ns());
  try {
    f(*st.task);
  } catch (const flow::operator_failure& e) {
    report_failure(self, e.err());
    return;
  } catch (const weir_exception& e) {
    report_failure(self, e.err());
    return;
  } catch (const std::exception& e) {
    report_failure(self, error{errc::user_function_failed, "task '" + st.task->name() + "' failed: " + e.what()});
    return;
  } catch (...) {
    report_failure(self, error{errc::user_function_failed, "task '" + st.task->name() + "' failed with an unknown exception"});
    return;
  }
  st.transport->flush();
  if (st.metered)
    st.meter.end(task_state::now_ns(), st.task->outputs().backpressured());
  if (st.task->streams_ended() && !st.reported) {
    st.reported = true;
    self->send(st.master, task_finished_msg{st.vertex, st.subtask, st.task->metrics()});
  }
  // A task whose sinks commit at the job's end waits for job_end_atom.
  if (st.task->done())
    self->quit();
}

/// Channel events from a task on another node, in the order it sent them.
void on_wire(task_self* self, const wire_msg& m) {
  for (const auto& bytes : m.frames) {
    auto& st = self->state;
    if (st.failed || !st.task)
      return;
    flow::batch_ptr records;
    auto decoded = wire::decode_frame_for(bytes, st.input_types, st.task->name(), records);
    if (auto* err = std::get_if<error>(&decoded)) {
      report_failure(self, *err);
      return;
    }
    auto& frame = std::get<wire::channel_frame>(decoded);
    if (auto* b = std::get_if<wire::batch_frame>(&frame)) {
      auto& stats = wire_statistics();
      stats.records_received.fetch_add(b->record_count, std::memory_order_relaxed);
      stats.bytes_received.fetch_add(bytes.size(), std::memory_order_relaxed);
      step(self, [&](flow::task& t) { t.on_batch(b->channel, std::move(records)); });
    } else if (auto* c = std::get_if<wire::control_frame>(&frame)) {
      step(self, [&](flow::task& t) { t.on_control(c->channel, c->control); });
    } else if (auto* cr = std::get_if<wire::credit_frame>(&frame)) {
      step(self, [&](flow::task& t) {
        t.on_credit(cr->channel, cr->batches, st.transport->take_spare(cr->channel));
      });
    } else if (auto* o = std::get_if<wire::open_frame>(&frame)) {
      if (o->receiver_channel >= st.input_types.size())
        continue;
      st.transport->set_upstream(o->receiver_channel,
                                 caf::actor_cast<caf::actor>(self->current_sender()),
                                 o->sender_channel);
      step(self, [&](flow::task& t) { t.on_channel_opened(o->receiver_channel); });
    }
  }
}

/// The task's metrics now, between two messages.
flow::task_sample sample_task(task_self* self) {
  auto& st = self->state;
  flow::task_sample s;
  if (st.task)
    s = st.task->sample();
  s.vertex = st.vertex;
  s.subtask = st.subtask;
  s.attempt = st.attempt;
  if (st.metered) {
    auto t = st.meter.read(task_state::now_ns());
    s.busy_ns = static_cast<std::uint64_t>(t.busy.count());
    s.idle_ns = static_cast<std::uint64_t>(t.idle.count());
    s.backpressured_ns = static_cast<std::uint64_t>(t.backpressured.count());
  }
  s.backpressured = st.task && st.task->outputs().backpressured();
  s.finished = s.finished || st.failed || !st.task;
  return s;
}

/// Answers a query of the task's queryable state. It runs between two messages, so the
/// state it reads is the state after the last batch, never half an update.
state_answer_msg answer_query(task_self* self, const state_query_msg& q) {
  auto& st = self->state;
  if (st.failed || !st.task)
    return {static_cast<std::int32_t>(errc::job_not_running), {},
            "the task owning the key has stopped (the job is failing, cancelled or "
            "restarting); retry"};
  auto r = st.task->queryable_states().query(q.name, flow::key_group{q.key_group}, q.key,
                                             q.key_type, q.value_type);
  if (auto* err = std::get_if<error>(&r))
    return {static_cast<std::int32_t>(err->code()), {}, err->message()};
  return {-1, std::move(std::get<std::string>(r)), {}};
}

caf::behavior task_behavior(task_self* self, std::shared_ptr<const graph::job_graph> plan,
                            int vertex, int subtask, std::vector<output_route> routes,
                            caf::actor master, task_deployment deployment) {
  auto& st = self->state;
  st.plan = std::move(plan);
  st.master = std::move(master);
  st.vertex = vertex;
  st.subtask = subtask;
  st.attempt = deployment.attempt;
  st.metered = st.plan->settings.metrics_enabled;
  for (const auto& ch : st.plan->input_channels(vertex, subtask))
    st.input_types.push_back(st.plan->edges[ch.edge].type);
  std::vector<actor_transport::output> outputs;
  {
    auto channels = st.plan->output_channels(vertex, subtask);
    for (std::size_t i = 0; i < routes.size(); ++i) {
      actor_transport::output o;
      o.type = i < channels.size() ? st.plan->edges[channels[i].edge].type : nullptr;
      o.route = std::move(routes[i]);
      outputs.push_back(std::move(o));
    }
  }
  st.transport = std::make_unique<actor_transport>(self, std::move(outputs),
                                                   st.input_types.size(), st.master,
                                                   deployment.attempt, vertex, subtask);
  try {
    st.task = graph::build_task(*st.plan, vertex, subtask, *st.transport,
                                deployment.restore.get());
  } catch (const weir_exception& e) {
    report_failure(self, e.err());
    return {};
  } catch (const std::exception& e) {
    report_failure(self, error{errc::internal, e.what()});
    return {};
  }
  // A function declaring queryable state (usually in open()) makes it routable.
  st.task->queryable_states().on_register([self](const flow::queryable_state_entry& e) {
    auto& s = self->state;
    self->send(s.master, queryable_state_msg{s.attempt, s.vertex, s.subtask, e.name,
                                             e.operator_name, e.types.key_type,
                                             e.types.value_types, e.max_parallelism,
                                             e.parallelism});
  });
  st.transport->open_channels();
  // An actor sink watches its receiver: its end reaches the sink (which fails the job, or
  // drops from then on).
  self->set_down_handler([=](const caf::down_msg& dm) {
    auto reason = caf::to_string(dm.reason);
    step(self, [&](flow::task& t) { t.on_external_down(&dm.source, reason); });
  });
  step(self, [](flow::task& t) { t.open(); });
  return {
    [=](const open_channel_msg& m) {
      self->state.transport->set_upstream(m.receiver_channel,
                                           caf::actor_cast<caf::actor>(self->current_sender()),
                                           m.sender_channel);
      step(self, [&](flow::task& t) { t.on_channel_opened(m.receiver_channel); });
    },
    [=](batch_msg& m) {
      step(self, [&](flow::task& t) { t.on_batch(m.channel, std::move(m.batch)); });
    },
    [=](const control_msg& m) {
      step(self, [&](flow::task& t) { t.on_control(m.channel, m.control); });
    },
    [=](credit_msg& m) {
      step(self, [&](flow::task& t) { t.on_credit(m.channel, m.batches, std::move(m.recycled)); });
    },
    [=](const wire_msg& m) { on_wire(self, m); },
    [=](const sink_ack& m) { step(self, [&](flow::task& t) { t.on_external_ack(m.port, m.seq); }); },
    [=](tick_atom) { step(self, [](flow::task& t) { t.on_flush_timer(); }); },
    [=](poll_atom, std::uint64_t token) {
      if (self->state.transport->live_poll(token))
        step(self, [](flow::task& t) { t.on_poll(); });
    },
    [=](wake_atom) { step(self, [](flow::task& t) { t.on_wake(); }); },
    [=](timer_atom) { step(self, [](flow::task& t) { t.on_timer(); }); },
    [=](const trigger_checkpoint_msg& m) {
      if (m.attempt == self->state.attempt)
        step(self, [&](flow::task& t) {
          if (m.final)
            t.trigger_final_checkpoint(checkpoint_id{m.checkpoint});
          else
            t.trigger_checkpoint(checkpoint_id{m.checkpoint}, m.savepoint);
        });
    },
    [=](const checkpoint_complete_msg& m) {
      if (m.attempt == self->state.attempt)
        step(self, [&](flow::task& t) {
          t.notify_checkpoint_complete(checkpoint_id{m.checkpoint});
        });
    },
    [=](const checkpoint_aborted_msg& m) {
      if (m.attempt == self->state.attempt)
        step(self, [&](flow::task& t) {
          t.notify_checkpoint_aborted(checkpoint_id{m.checkpoint});
        });
    },
    [=](job_end_atom) { step(self, [](flow::task& t) { t.notify_job_finished(); }); },
    [=](const state_query_msg& q) { return answer_query(self, q); },
    [=](sample_atom) { return sample_task(self); },
    [=](cancel_atom) {
      // Cancel the source and close every opened operator here, on the task's own thread,
      // then stop: the job master completes the job only when this actor is gone. A close()
      // that throws is reported; the master keeps the job's first error.
      auto& s = self->state;
      if (s.failed || !s.task) {
        self->quit();
        return;
      }
      s.reported = true;
      s.failed = true;
      try {
        s.task->cancel();
      } catch (const flow::operator_failure& e) {
        self->send(s.master, task_failed_msg{s.vertex, s.subtask,
                                             static_cast<std::int32_t>(e.err().code()),
                                             e.err().message()});
      } catch (const std::exception& e) {
        self->send(s.master, task_failed_msg{s.vertex, s.subtask,
                                             static_cast<std::int32_t>(errc::internal),
                                             e.what()});
      }
      self->quit();
    },
  };
}

} // namespace

caf::actor spawn_task(caf::actor_system& sys, std::shared_ptr<const graph::job_graph> plan,
                      int vertex, int subtask, std::vector<output_route> routes,
                      caf::actor master, task_deployment deployment) {
  return sys.spawn(task_behavior, std::move(plan), vertex, subtask, std::move(routes),
                   std::move(master), std::move(deployment));
}

} // namespace weir::actors
