#include "weir/flow/task.hpp"

#include <algorithm>
#include <exception>
#include <limits>
#include <optional>
#include <string>

namespace weir::flow {

task::task(std::string name, transport& out, task_settings settings,
           std::size_t input_channels, std::size_t output_channels)
  : name_(std::move(name)), out_(&out), settings_(settings),
    inputs_(out, input_channels, settings.credits_per_channel),
    outputs_(out, output_channels), valve_(input_channels), timer_(out, settings.buffer_timeout),
    timers_(out, settings.clock), barriers_(inputs_, settings.checkpoint_mode),
    channel_consumer_(input_channels, nullptr),
    clock_(settings.clock ? settings.clock : time::system_clock()),
    idle_backoff_(settings.idle_poll_min) {}

task::~task() = default;

operator_base& task::add_operator(std::unique_ptr<operator_base> op, int node_id,
                                  operator_identity identity) {
  op->bind_task(*this);
  if (op->commits_at_job_end() || settings_.linger_until_job_end)
    awaits_job_end_ = true;
  std::vector<std::size_t> faults;
  if (settings_.faults)
    faults = settings_.faults->faults_of(identity.name.empty() ? op->name() : identity.name,
                                         identity.uid, op->context().index_of_this_subtask());
  for (auto f : faults) {
    const auto& fault = settings_.faults->faults()[f];
    if (fault.where == fault_plan::point::after_records
        || fault.where == fault_plan::point::lose_messages)
      has_record_faults_ = true;
    if (fault.where == fault_plan::point::delay_channel && settings_.faults->fire(f))
      out_->delay_sends(fault.delay);
  }
  faults_of_.push_back(std::move(faults));
  operators_.push_back(std::move(op));
  node_ids_.push_back(node_id);
  identities_.push_back(std::move(identity));
  return *operators_.back();
}

writer_context task::make_writer_context(std::uint32_t first, std::vector<int> targets,
                                         int target_parallelism, int max_parallelism,
                                         int subtask) {
  writer_context ctx;
  ctx.gate = &outputs_;
  ctx.timer = &timer_;
  ctx.first_channel = first;
  ctx.targets = std::move(targets);
  ctx.target_parallelism = target_parallelism;
  ctx.max_parallelism = max_parallelism;
  ctx.subtask = subtask;
  ctx.batch_size = settings_.batch_size;
  for (std::size_t i = 0; i < ctx.targets.size(); ++i)
    ctx.channel_batch_size.push_back(out_->remote_output(first + static_cast<std::uint32_t>(i))
                                       ? std::max(settings_.remote_batch_size,
                                                  settings_.batch_size)
                                       : settings_.batch_size);
  ctx.flush_every_record = settings_.buffer_timeout.count() == 0;
  return ctx;
}

writer_base& task::add_writer(const type_ops& type, partitioner_kind kind, std::uint32_t first,
                              std::vector<int> targets, int target_parallelism,
                              int max_parallelism, int subtask) {
  return add_writer(type.make_writer(kind, make_writer_context(first, std::move(targets),
                                                               target_parallelism,
                                                               max_parallelism, subtask)));
}

writer_base& task::add_writer(std::unique_ptr<writer_base> writer) {
  writers_.push_back(std::move(writer));
  return *writers_.back();
}

batch_consumer& task::add_consumer(std::unique_ptr<batch_consumer> consumer) {
  consumers_.push_back(std::move(consumer));
  return *consumers_.back();
}

void task::bind_input_channel(std::uint32_t channel, batch_consumer& consumer) {
  channel_consumer_.at(channel) = &consumer;
}

void task::open() {
  for (auto& op : operators_) {
    ++opened_operators_; // counted before the call: a failed open() still gets its close()
    op->run_open();
  }
  opened_ = true;
  if (restored_input_watermark_ > event_time_min) {
    // Where the restored checkpoint left event time: the operators hear it (no timer or
    // window is due: those before it fired before the checkpoint), so that lateness is
    // judged as in an uninterrupted run.
    input_watermark_ = restored_input_watermark_;
    (void) pass_watermark(0, restored_input_watermark_);
  }
  if (restored_output_watermark_ > watermark_)
    watermark_ = restored_output_watermark_;
  if (!restored_channels_.empty())
    replay_channel_state();
  if (source_ != nullptr)
    out_->schedule_poll(std::chrono::microseconds{0});
  else if (inputs_.channels() == 0)
    finish(); // nothing will ever arrive
}

void task::on_batch(std::uint32_t channel, batch_ptr batch) {
  if (losing_messages_)
    return;
  if (unaligned_ && !unaligned_->barrier_seen[channel])
    unaligned_->channels.push_back({false, channel, encode_channel_batch(in_types_, channel, *batch)});
  inputs_.enqueue(channel, std::move(batch));
  drive();
}

void task::on_control(std::uint32_t channel, control_event control) {
  if (losing_messages_)
    return;
  if (settings_.unaligned) {
    // Unaligned: a barrier is a priority event, handled on arrival ahead of the batches
    // queued before it, which become the checkpoint's channel state.
    if (control.is(control_event::kind::barrier) && !control.forces_alignment()) {
      if (opened_ && !finished_ && !cancelled_)
        on_unaligned_barrier(channel, control.checkpoint());
      return;
    }
    if (control.is(control_event::kind::end_of_stream)) {
      if (ended_inputs_.size() != inputs_.channels())
        ended_inputs_.assign(inputs_.channels(), false);
      ended_inputs_[channel] = true;
      if (unaligned_)
        mark_barrier(channel);
    }
  }
  inputs_.enqueue(channel, control);
  drive();
}

void task::on_credit(std::uint32_t channel, std::uint32_t batches,
                     std::vector<batch_ptr> recycled) {
  if (losing_messages_)
    return;
  outputs_.on_credit(channel, batches, std::move(recycled));
  resume();
}

void task::resume() {
  if (blocked())
    return;
  if (source_waiting_) {
    source_waiting_ = false;
    out_->schedule_poll(std::chrono::microseconds{0});
  }
  drive();
}

std::uint32_t task::register_external(external_receiver& receiver) {
  externals_.push_back(&receiver);
  return static_cast<std::uint32_t>(externals_.size() - 1);
}

void task::hold_input(bool on) {
  if (on)
    ++holds_;
  else if (holds_ > 0)
    --holds_;
}

void task::on_external_ack(std::uint32_t port, std::uint64_t seq) {
  if (losing_messages_ || cancelled_ || port >= externals_.size())
    return;
  externals_[port]->on_external_ack(seq);
  if (!finished_)
    resume();
}

void task::on_external_down(const void* address, const std::string& reason) {
  if (cancelled_)
    return;
  for (auto* r : externals_)
    r->on_external_down(address, reason);
  if (!finished_)
    resume();
}

void task::on_flush_timer() {
  timer_.fired();
  if (!finished_ && !cancelled_)
    flush_writers();
}

void task::on_timer() {
  if (finished_ || cancelled_)
    return;
  timers_.on_wakeup();
}

void task::on_wake() {
  if (!source_idle_ || finished_ || cancelled_ || losing_messages_)
    return;
  source_idle_ = false;
  idle_backoff_ = settings_.idle_poll_min;
  out_->schedule_poll(std::chrono::microseconds{0});
}

void task::on_poll() {
  source_idle_ = false;
  if (source_ == nullptr || finished_ || cancelled_ || losing_messages_)
    return;
  for (int i = 0; i < settings_.polls_per_activation; ++i) {
    if (blocked()) {
      // Resumed by on_credit: a source without credit produces nothing.
      source_waiting_ = true;
      return;
    }
    auto before = source_->records_out;
    auto status = poll_source();
    if (has_record_faults_)
      check_record_faults();
    if (status == source_status::end_of_input) {
      finish();
      return;
    }
    if (source_->records_out != before)
      idle_backoff_ = settings_.idle_poll_min;
    if (status == source_status::nothing_available) {
      // An idle source backs off exponentially so that an idle job does not spin; the first
      // record resets the pause, so a quiet spell costs at most idle_poll_max of latency.
      out_->schedule_poll(idle_backoff_);
      source_idle_ = true;
      idle_backoff_ = std::min(idle_backoff_ * 2, settings_.idle_poll_max);
      return;
    }
  }
  out_->schedule_poll(std::chrono::microseconds{0});
}

std::chrono::milliseconds task::duration_clock_now() const noexcept {
  if (settings_.clock)
    return settings_.clock->now();
  return std::chrono::duration_cast<std::chrono::milliseconds>(
    std::chrono::steady_clock::now().time_since_epoch());
}

source_status task::poll_source() {
  auto status = source_->emit(settings_.batch_size);
  // Only the user's poll counts, not the chained operators the batch went through after it.
  auto blocked = source_->last_poll_duration();
  if (blocked > settings_.poll_timeout) {
    // A blocking poll holds a scheduler thread and delays cancellation. Report it instead of
    // polling the source again: the job fails and the source is cancelled and closed.
    const auto& ctx = source_->context();
    throw operator_failure(
      ctx.task_name(), ctx.index_of_this_subtask(), ctx.number_of_parallel_subtasks(),
      errc::user_function_failed,
      "poll() blocked for " + std::to_string(blocked.count()) + " ms, longer than the bound of "
        + std::to_string(settings_.poll_timeout.count())
        + " ms (configuration::source_poll_timeout); a source must not wait in poll(): return "
          "nothing_available and it is polled again shortly");
  }
  return status;
}

void task::cancel() {
  if (cancelled_)
    return;
  cancelled_ = true;
  timers_.quiesce();
  std::exception_ptr first;
  if (source_ != nullptr && opened_operators_ > 0 && !finished_) {
    try {
      source_->run_cancel();
    } catch (...) {
      first = std::current_exception();
    }
  }
  try {
    close_operators();
  } catch (...) {
    if (!first)
      first = std::current_exception();
  }
  if (first)
    std::rethrow_exception(first);
}

void task::close_operators() {
  std::exception_ptr first;
  while (closed_operators_ < opened_operators_) {
    auto& op = operators_[closed_operators_++];
    try {
      op->run_close();
    } catch (...) {
      if (!first)
        first = std::current_exception();
    }
  }
  if (first)
    std::rethrow_exception(first);
}

void task::drive() {
  if (!opened_ || finished_ || cancelled_)
    return;
  // A backpressured task leaves input queued (bounded by the credit it granted) and grants
  // no more credit until its outputs drain.
  while (!blocked()) {
    auto ev = inputs_.next();
    if (!ev)
      return;
    if (ev->batch) {
      channel_consumer_[ev->channel]->consume(*ev->batch);
      inputs_.consumed(ev->channel, std::move(ev->batch));
      if (has_record_faults_)
        check_record_faults();
      if (losing_messages_)
        return;
      continue;
    }
    handle_control(ev->channel, ev->control);
    if (finished_ || cancelled_)
      return;
  }
}

void task::handle_control(std::uint32_t channel, control_event control) {
  using kind = control_event::kind;
  switch (control.what()) {
    case kind::watermark: apply(valve_.on_watermark(channel, control.time())); break;
    case kind::watermark_idle: apply(valve_.on_idle(channel)); break;
    case kind::watermark_active: apply(valve_.on_active(channel)); break;
    case kind::barrier: {
      auto next = barriers_.on_barrier(channel, control.checkpoint());
      if (next.aborted)
        outputs_.broadcast_control(control_event::cancel_barrier(*next.aborted));
      if (next.take)
        finish_checkpoint(start_checkpoint(*next.take, false, control.forces_alignment()));
      break;
    }
    case kind::cancel_barrier: {
      auto next = barriers_.on_cancel_barrier(channel, control.checkpoint());
      if (next.aborted) {
        flush_writers();
        outputs_.broadcast_control(control_event::cancel_barrier(*next.aborted));
      }
      break;
    }
    case kind::end_of_stream: {
      auto next = barriers_.on_end_of_stream(channel);
      if (next.take)
        finish_checkpoint(start_checkpoint(*next.take, false, false));
      if (inputs_.finished())
        finish();
      break;
    }
  }
}

void task::apply(const watermark_valve::output& out) {
  if (out.watermark)
    advance_watermark(*out.watermark);
  // An assigner's own status replaces its input's (Flink's TimestampsAndWatermarksOperator
  // ignores upstream statuses, as it ignores upstream watermarks).
  if (out.idle && !chain_generates_watermarks())
    forward_status(*out.idle);
}

bool task::chain_generates_watermarks() const {
  for (const auto& op : operators_)
    if (op->generates_watermarks())
      return true;
  return false;
}

void task::forward_status(bool idle) {
  if (idle == output_idle_ || finished_ || cancelled_)
    return;
  output_idle_ = idle;
  flush_writers();
  outputs_.broadcast_control(idle ? control_event::idle() : control_event::active());
}

void task::advance_watermark(event_time t) {
  if (t <= input_watermark_)
    return;
  input_watermark_ = t;
  if (pass_watermark(0, t))
    forward_watermark(t);
}

bool task::pass_watermark(std::size_t first, event_time t) {
  for (auto i = first; i < operators_.size(); ++i) {
    operators_[i]->run_process_watermark(t);
    if (operators_[i]->generates_watermarks() && t != event_time_max)
      return false; // an assigner replaces the watermarks from upstream with its own
  }
  return true;
}

void task::forward_watermark(event_time t) {
  if (t <= watermark_)
    return;
  watermark_ = t;
  flush_writers();
  outputs_.broadcast_control(control_event::watermark(t));
}

void task::emit_watermark(const operator_base& from, event_time t) {
  // The operators after `from` in the chain (operators are kept upstream first). In a chain
  // that branches, a sibling branch after `from` hears it too; chains here are linear or
  // fan out only at their end.
  if (t <= watermark_ || finished_ || cancelled_)
    return;
  std::size_t i = 0;
  while (i < operators_.size() && operators_[i].get() != &from)
    ++i;
  if (pass_watermark(i + 1, t))
    forward_watermark(t);
}

void task::emit_watermark_status(const operator_base&, bool idle) { forward_status(idle); }

void task::flush_writers() {
  for (auto& w : writers_)
    w->flush();
}

void task::finish() {
  if (finished_)
    return;
  // The end of a bounded input is a final watermark at +infinity (Flink's MAX_WATERMARK), so
  // every window and timer fires before the operators finish.
  advance_watermark(event_time_max);
  // Upstream first, so that what an operator emits in finish() reaches the ones below it
  // before they finish.
  for (auto& op : operators_)
    op->run_finish();
  flush_writers();
  outputs_.end_of_stream();
  finished_ = true;
  timers_.quiesce(); // Flink: processing-time timers do not fire after the end of input
  close_operators();
}

void task::trigger_checkpoint(checkpoint_id id, bool savepoint) {
  if (losing_messages_ || source_ == nullptr || !opened_ || finished_ || cancelled_ || id <= barriers_.latest())
    return;
  barriers_.taken(id);
  finish_checkpoint(start_checkpoint(id, settings_.unaligned && !savepoint, savepoint));
}

task::pending_checkpoint task::start_checkpoint(checkpoint_id id, bool unaligned,
                                                bool force_aligned) {
  pending_checkpoint p;
  p.id = id;
  flush_writers();
  if (unaligned) {
    // The barrier overtakes what waits for credit: those batches go into the checkpoint as
    // output channel state, and the receivers start their snapshots at once.
    for (std::uint32_t ch = 0; ch < outputs_.channels(); ++ch)
      outputs_.for_each_queued_batch(ch, [&](const batch_base& b) {
        p.channels.push_back({true, ch, encode_channel_batch(out_types_, ch, b)});
      });
    outputs_.broadcast_priority(control_event::barrier(id));
  } else {
    // Flink's order: the barrier goes downstream first, behind every record emitted before
    // it, so that the tasks below start aligning while this one copies its state. No record
    // is processed between the barrier and the snapshot: both happen in this call.
    outputs_.broadcast_control(control_event::barrier(id, force_aligned));
  }
  snapshot_operators(p);
  if (unaligned) {
    // Received and not processed yet: on every channel, what is queued now precedes the
    // channel's barrier; batches still arriving before it are recorded in on_batch.
    p.barrier_seen.assign(inputs_.channels(), false);
    for (std::uint32_t ch = 0; ch < inputs_.channels(); ++ch)
      inputs_.for_each_queued_batch(ch, [&](const batch_base& b) {
        p.channels.push_back({false, ch, encode_channel_batch(in_types_, ch, b)});
      });
  }
  return p;
}

std::filesystem::path task::checkpoint_dir(checkpoint_id id) const {
  return settings_.checkpoint_base / ("chk-" + std::to_string(id.value()));
}

void task::snapshot_operators(pending_checkpoint& p) {
  p.input_watermark = input_watermark_;
  p.output_watermark = watermark_;
  auto dir = checkpoint_dir(p.id);
  for (std::size_t i = 0; i < operators_.size(); ++i) {
    inject(i, fault_plan::point::snapshot_sync, p.id);
    if (!settings_.persistence)
      continue;
    auto w = settings_.persistence->snapshot(*operators_[i], p.id, dir, relative_dir(i));
    if (w)
      p.parts.push_back({i, std::move(w)});
  }
  if (settings_.faults)
    for (std::size_t i = 0; i < operators_.size() && !p.async_fault; ++i)
      p.async_fault =
        settings_.faults->fire_at(faults_of_[i], fault_plan::point::snapshot_async, p.id);
}

void task::trigger_final_checkpoint(checkpoint_id id) {
  if (cancelled_ || !finished_ || !awaits_job_end_)
    return;
  pending_checkpoint p;
  p.id = id;
  snapshot_operators(p);
  finish_checkpoint(std::move(p));
}

std::string task::relative_dir(std::size_t op) const {
  return identities_[op].id + "/" + std::to_string(operators_[op]->context().index_of_this_subtask());
}

std::string task::encode_channel_batch(const std::vector<const type_ops*>& types,
                                       std::uint32_t channel, const batch_base& batch) const {
  const type_ops* type = channel < types.size() ? types[channel] : nullptr;
  if (type == nullptr || !type->can_encode())
    throw operator_failure(name_, 0, 1, errc::invalid_plan,
                           "an unaligned checkpoint stores in-flight records, and the record type "
                             + std::string{type != nullptr ? type->name() : "?"}
                             + " has no weir::codec; specialize weir::codec for it or turn "
                               "unaligned checkpoints off");
  std::string out;
  type->encode_batch(batch, out);
  return out;
}

void task::finish_checkpoint(pending_checkpoint p) {
  // What the asynchronous part needs, copied: it may run after this task is gone.
  std::vector<checkpoint::task_snapshot::part> meta;
  auto describe = [&](std::size_t op) {
    const auto& ctx = operators_[op]->context();
    checkpoint::task_snapshot::part m;
    m.operator_id = identities_[op].id;
    m.operator_name = identities_[op].name.empty() ? ctx.task_name() : identities_[op].name;
    m.parallelism = ctx.number_of_parallel_subtasks();
    m.max_parallelism = ctx.max_number_of_parallel_subtasks();
    m.state.subtask = ctx.index_of_this_subtask();
    m.state.key_groups = ctx.key_groups();
    return m;
  };
  for (const auto& part : p.parts)
    meta.push_back(describe(part.op));
  // Task-level state (in-flight batches, watermarks) is filed under the chain's head.
  auto known = [](event_time t) {
    return t > event_time_min ? std::optional{t.value()} : std::nullopt;
  };
  const auto input_watermark = known(p.input_watermark);
  const auto output_watermark = known(p.output_watermark);
  if ((!p.channels.empty() || input_watermark || output_watermark)
      && (p.parts.empty() || p.parts.front().op != 0)) {
    p.parts.insert(p.parts.begin(), {0, nullptr});
    meta.insert(meta.begin(), describe(0));
  }
  std::string channel_file = p.channels.empty() ? std::string{} : relative_dir(0) + "/channel-state";
  out_->acknowledge_checkpoint(
    p.id, [parts = std::move(p.parts), meta = std::move(meta), channels = std::move(p.channels),
           async_fault = p.async_fault, channel_file, input_watermark, output_watermark,
           dir = checkpoint_dir(p.id),
           name = name_]() mutable -> std::variant<checkpoint::task_snapshot, error> {
      if (async_fault)
        return error{errc::user_function_failed, "task '" + name + "': " + *async_fault};
      checkpoint::task_snapshot out;
      for (std::size_t i = 0; i < parts.size(); ++i) {
        if (parts[i].write) {
          auto written = parts[i].write();
          if (auto* err = std::get_if<error>(&written))
            return error{err->code(), "task '" + name + "' could not write its snapshot: "
                                        + err->message()};
          meta[i].state = std::move(std::get<checkpoint::subtask_state>(written));
        }
        if (i == 0 && parts[0].op == 0) {
          meta[0].state.input_watermark = input_watermark;
          meta[0].state.output_watermark = output_watermark;
        }
        if (i == 0 && !channel_file.empty()) {
          auto written = write_channel_state(dir / channel_file, channels);
          if (auto* err = std::get_if<error>(&written))
            return *err;
          meta[i].state.channel_state = channel_file;
          meta[i].state.bytes += std::get<std::uint64_t>(written);
        }
        out.parts.push_back(std::move(meta[i]));
      }
      return out;
    });
}

void task::on_unaligned_barrier(std::uint32_t channel, checkpoint_id id) {
  if (id < barriers_.latest() || (id == barriers_.latest() && !unaligned_))
    return; // taken or aborted already
  if (!unaligned_ || unaligned_->id != id) {
    // A newer checkpoint subsumes one still collecting channel state: drop that one.
    barriers_.taken(id);
    unaligned_ = start_checkpoint(id, true, false);
    for (std::uint32_t ch = 0; ch < inputs_.channels(); ++ch)
      if (inputs_channel_ended(ch))
        mark_barrier(ch);
  }
  mark_barrier(channel);
}

bool task::inputs_channel_ended(std::uint32_t channel) const {
  return channel < ended_inputs_.size() && ended_inputs_[channel];
}

void task::mark_barrier(std::uint32_t channel) {
  auto& p = *unaligned_;
  if (!p.barrier_seen[channel]) {
    p.barrier_seen[channel] = true;
    ++p.seen;
  }
  if (p.seen == p.barrier_seen.size()) {
    auto done = std::move(*unaligned_);
    unaligned_.reset();
    finish_checkpoint(std::move(done));
  }
}

void task::set_channel_types(std::vector<const type_ops*> in, std::vector<const type_ops*> out) {
  in_types_ = std::move(in);
  out_types_ = std::move(out);
}

void task::restore_channel_state(std::vector<channel_state_entry> entries) {
  restored_channels_ = std::move(entries);
}

void task::replay_channel_state() {
  auto decode = [&](const type_ops& type, const std::string& bytes) {
    try {
      return type.decode_batch(bytes);
    } catch (const weir_exception& e) {
      throw weir_exception(error{errc::state_error,
                                 "the in-flight records of task '" + name_
                                   + "' in an unaligned checkpoint do not decode ("
                                   + e.err().message()
                                   + "); the job's record types changed since the checkpoint"});
    }
  };
  // Output first: those batches were emitted before anything the replayed input produces.
  for (const auto& e : restored_channels_)
    if (e.output && e.channel < out_types_.size())
      outputs_.send_batch(e.channel, decode(*out_types_[e.channel], e.bytes));
  for (const auto& e : restored_channels_)
    if (!e.output && e.channel < in_types_.size()) {
      auto batch = decode(*in_types_[e.channel], e.bytes);
      channel_consumer_[e.channel]->consume(*batch);
    }
  restored_channels_.clear();
}

void task::notify_checkpoint_complete(checkpoint_id id) {
  if (cancelled_)
    return;
  for (std::size_t i = 0; i < operators_.size(); ++i) {
    inject(i, fault_plan::point::before_commit, id);
    operators_[i]->run_notify_checkpoint_complete(id);
    inject(i, fault_plan::point::after_commit, id);
  }
}

void task::notify_checkpoint_aborted(checkpoint_id id) {
  if (cancelled_)
    return;
  for (auto& op : operators_)
    op->run_notify_checkpoint_aborted(id);
}

void task::notify_job_finished() {
  if (cancelled_ || !awaits_job_end_)
    return;
  // The final checkpoint: nothing follows the end of every input, so what the sinks staged
  // since the last checkpoint commits now. Its id is past every real one.
  checkpoint_id final_id{std::numeric_limits<std::uint64_t>::max()};
  notify_checkpoint_complete(final_id);
  awaits_job_end_ = false;
}

void task::inject(std::size_t i, fault_plan::point where, checkpoint_id id) {
  if (!settings_.faults || faults_of_[i].empty())
    return;
  if (auto fired = settings_.faults->fire_at(faults_of_[i], where, id)) {
    const auto& ctx = operators_[i]->context();
    throw operator_failure(ctx.task_name(), ctx.index_of_this_subtask(),
                           ctx.number_of_parallel_subtasks(), errc::user_function_failed,
                           *fired);
  }
}

void task::check_record_faults() {
  for (std::size_t i = 0; i < operators_.size(); ++i) {
    const auto& op = *operators_[i];
    auto seen = op.records_in != 0 ? op.records_in : op.records_out;
    for (auto f : faults_of_[i]) {
      const auto& fault = settings_.faults->faults()[f];
      if ((fault.where != fault_plan::point::after_records
           && fault.where != fault_plan::point::lose_messages)
          || seen < fault.records)
        continue;
      if (fault.where == fault_plan::point::lose_messages) {
        if (settings_.faults->fire(f))
          losing_messages_ = true;
        continue;
      }
      if (settings_.faults->fire(f)) {
        const auto& ctx = op.context();
        throw operator_failure(ctx.task_name(), ctx.index_of_this_subtask(),
                               ctx.number_of_parallel_subtasks(), errc::user_function_failed,
                               settings_.faults->describe(f));
      }
    }
  }
}

std::vector<operator_metrics> task::metrics() const {
  std::vector<operator_metrics> out;
  for (std::size_t i = 0; i < operators_.size(); ++i)
    out.push_back({node_ids_[i], operators_[i]->name(), operators_[i]->records_in,
                   operators_[i]->records_out});
  return out;
}

task_sample task::sample() const {
  task_sample s;
  for (std::size_t i = 0; i < operators_.size(); ++i) {
    const auto& op = *operators_[i];
    operator_sample o{node_ids_[i], op.name(), op.records_in, op.records_out, {}};
    if (const auto* group = op.context().existing_metric_group())
      o.user = group->sample();
    s.operators.push_back(std::move(o));
  }
  s.batches_out = outputs_.batches_sent();
  s.input_watermark = input_watermark_.value();
  s.output_watermark = watermark_.value();
  s.finished = streams_ended();
  return s;
}

} // namespace weir::flow
