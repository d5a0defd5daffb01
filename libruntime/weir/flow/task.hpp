#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "weir/checkpoint_config.hpp"
#include "weir/fault_plan.hpp"
#include "weir/flow/barrier_handler.hpp"
#include "weir/flow/channel_state.hpp"
#include "weir/flow/input_gate.hpp"
#include "weir/flow/state_persistence.hpp"
#include "weir/flow/output_gate.hpp"
#include "weir/flow/processing_time_service.hpp"
#include "weir/flow/queryable_state_table.hpp"
#include "weir/flow/operator_base.hpp"
#include "weir/flow/source_operator.hpp"
#include "weir/flow/task_sample.hpp"
#include "weir/flow/type_ops.hpp"
#include "weir/flow/watermark_valve.hpp"
#include "weir/flow/writer_base.hpp"
#include "weir/time/clock.hpp"

namespace weir::flow {

/// Record counts of one operator instance when its task ended.
struct operator_metrics {
  int node_id = 0;
  std::string name;
  std::uint64_t records_in = 0;
  std::uint64_t records_out = 0;
};

/// Batching knobs of a task.
struct task_settings {
  std::size_t batch_size = 1024;
  /// Records per batch on a channel to another process (configuration::remote_batch_size,
  /// resolved); at least batch_size.
  std::size_t remote_batch_size = 4096;
  std::chrono::milliseconds buffer_timeout{100};
  std::uint32_t credits_per_channel = 4;
  /// First pause before polling a source that had nothing available; each further empty poll
  /// doubles it up to `idle_poll_max`; a poll that yields records resets it.
  std::chrono::microseconds idle_poll_min{100};
  /// Longest pause between polls of an idle source (configuration::source_idle_backoff_max).
  std::chrono::microseconds idle_poll_max{10'000};
  /// A poll that blocks longer fails the task (configuration::source_poll_timeout).
  std::chrono::milliseconds poll_timeout{5000};
  /// Processing time (null = the system clock).
  std::shared_ptr<const time::clock> clock;
  /// Period of watermark generation (configuration::auto_watermark_interval); 0 = none.
  std::chrono::milliseconds auto_watermark_interval{200};
  /// Polls per activation of a source before it yields its thread.
  int polls_per_activation = 4;
  /// The task actor splits its time into busy, idle and backpressured (two clock readings per
  /// message; configuration::metrics_enabled).
  bool metrics_enabled = true;

  // -- checkpoints -----------------------------------------------------------------------------
  /// How tasks with several inputs handle barriers.
  checkpointing_mode checkpoint_mode = checkpointing_mode::exactly_once;
  /// Where checkpoint n goes: `checkpoint_base / "chk-<n>"` (the job's directory).
  std::filesystem::path checkpoint_base;
  /// Snapshots and restores operators' state (null: the task acknowledges without state).
  std::shared_ptr<const state_persistence> persistence;
  /// Faults to inject (null: none).
  std::shared_ptr<fault_plan> faults;
  /// Unaligned checkpoints: barriers overtake in-flight batches (checkpoint_config::unaligned).
  bool unaligned = false;
  /// Every task waits after finishing until the job master ends the job (after the final
  /// checkpoint): set with checkpointing and with sinks that commit at the job's end.
  bool linger_until_job_end = false;
  /// The job takes checkpoints (an actor source then keeps what it read for a replay).
  bool checkpointing = false;
};

/// Who an operator of a task is, for checkpoints and fault injection.
struct operator_identity {
  std::string id;   ///< uid, or the generated id ("node-<n>"): what a restore matches
  std::string name; ///< the operator's name in the plan
  std::string uid;  ///< the uid the program set, or empty
};

/// One parallel instance of one operator chain, without any actor around it: the gates, the
/// operators and the loop that moves batches through them. The task actor is a shell that
/// feeds it messages and implements its transport. Used by one thread at a time.
///
/// Lifecycle: assemble (add_* calls), `open()`, then events until `done()`.
class task final : public task_services {
public:
  task(std::string name, transport& out, task_settings settings, std::size_t input_channels,
       std::size_t output_channels);
  ~task();

  // -- assembly ------------------------------------------------------------------------------

  /// Adds an operator; operators must be added upstream first.
  operator_base& add_operator(std::unique_ptr<operator_base> op, int node_id,
                              operator_identity identity = {});
  void set_source(source_operator_base* source) { source_ = source; }
  void keep(std::unique_ptr<holder_base> holder) { holders_.push_back(std::move(holder)); }
  /// Creates a writer over output channels [first, first + targets.size()).
  writer_base& add_writer(const type_ops& type, partitioner_kind kind, std::uint32_t first,
                          std::vector<int> targets, int target_parallelism,
                          int max_parallelism, int subtask);
  /// The writer context a custom writer factory gets.
  [[nodiscard]] writer_context make_writer_context(std::uint32_t first, std::vector<int> targets,
                                                   int target_parallelism, int max_parallelism,
                                                   int subtask);
  writer_base& add_writer(std::unique_ptr<writer_base> writer);
  /// Batches arriving on `channel` go to `consumer` (shared between channels of one edge).
  void bind_input_channel(std::uint32_t channel, batch_consumer& consumer);
  batch_consumer& add_consumer(std::unique_ptr<batch_consumer> consumer);

  // -- events --------------------------------------------------------------------------------

  /// Opens operators upstream first; a source task asks for its first poll. If an open()
  /// throws, the operators opened so far are the ones cancel() closes.
  void open();
  /// The sender on input `channel` said hello: grant it credit.
  void on_channel_opened(std::uint32_t channel) { inputs_.open(channel); }
  void on_batch(std::uint32_t channel, batch_ptr batch);
  /// A control event arrived on input `channel`, behind the batches sent before it.
  void on_control(std::uint32_t channel, control_event control);
  void on_end_of_stream(std::uint32_t channel) {
    on_control(channel, control_event::end_of_stream());
  }
  void on_credit(std::uint32_t channel, std::uint32_t batches,
                 std::vector<batch_ptr> recycled = {});
  void on_flush_timer();
  void on_poll();
  /// Something woke the source (records arrived in an actor source's inlet): if it is backing
  /// off, it polls now. The transport makes the newest scheduled poll the only live one.
  void on_wake();
  /// The processing-time wake-up asked for by the task's timer service.
  void on_timer();

  // -- checkpoints -----------------------------------------------------------------------------
  /// The checkpoint coordinator asks this source task for checkpoint `id`: between two polls
  /// it snapshots its chain (the source's position first) and sends barrier `id` on every
  /// output. Ignored by a task that is not a source or has finished.
  void trigger_checkpoint(checkpoint_id id, bool savepoint = false);
  /// Record types of the input and output channels (unaligned checkpoints encode in-flight
  /// batches with them).
  void set_channel_types(std::vector<const type_ops*> in, std::vector<const type_ops*> out);
  /// In-flight batches of a restored unaligned checkpoint, replayed when the task opens.
  void restore_channel_state(std::vector<channel_state_entry> entries);
  /// The watermarks the task had at the checkpoint it restores: it starts from them.
  void restore_watermarks(event_time input, event_time output) {
    restored_input_watermark_ = input;
    restored_output_watermark_ = output;
  }
  /// The final checkpoint of a bounded job: every task finished and waits; this one snapshots
  /// its end state without a barrier (its channels are closed).
  void trigger_final_checkpoint(checkpoint_id id);
  /// Every task acknowledged `id`: the operators hear it (two-phase-commit sinks commit).
  void notify_checkpoint_complete(checkpoint_id id);
  /// `id` will not complete.
  void notify_checkpoint_aborted(checkpoint_id id);
  /// Every task of the job finished: operators that commit at the job's end commit now (the
  /// final checkpoint), and the task is done.
  void notify_job_finished();
  /// True once the task finished its streams but waits for notify_job_finished.
  [[nodiscard]] bool awaiting_job_end() const noexcept {
    return finished_ && outputs_.closed() && awaits_job_end_ && !cancelled_;
  }

  /// Cancels the source (its cancel(), never a poll after it) and closes every opened operator
  /// upstream first, each exactly once; the task emits nothing more. If a close() throws, the
  /// others still close and the first failure is rethrown at the end.
  void cancel();

  /// True once a lose_messages fault fired: the task ignores what it receives.
  [[nodiscard]] bool losing_messages() const noexcept { return losing_messages_; }
  /// True when the task ended its output streams (after finish) or was cancelled.
  [[nodiscard]] bool done() const noexcept {
    return cancelled_ || (finished_ && outputs_.closed() && !awaits_job_end_);
  }
  /// True once the task ended its output streams (it may still await the job's end).
  [[nodiscard]] bool streams_ended() const noexcept {
    return cancelled_ || (finished_ && outputs_.closed());
  }
  [[nodiscard]] bool is_source() const noexcept { return source_ != nullptr; }
  [[nodiscard]] const std::string& name() const noexcept { return name_; }
  [[nodiscard]] std::vector<operator_metrics> metrics() const;
  /// Its operators' counts and user metrics, its watermarks and batches sent (the task actor
  /// adds who it is and its time split). Between two events only.
  [[nodiscard]] task_sample sample() const;
  /// The queryable keyed states its operators declared (filled by the state layer through
  /// each operator's runtime_context); the task actor answers queries from it.
  [[nodiscard]] queryable_state_table& queryable_states() noexcept { return queryable_; }
  [[nodiscard]] const input_gate& inputs() const noexcept { return inputs_; }
  [[nodiscard]] const output_gate& outputs() const noexcept { return outputs_; }
  /// The last watermark this task forwarded (event_time_min before the first).
  [[nodiscard]] event_time current_watermark() const noexcept { return watermark_; }
  // -- task_services (what operators ask of their task) ---------------------------------------
  [[nodiscard]] processing_time_service& timers() noexcept override { return timers_; }
  [[nodiscard]] std::chrono::milliseconds auto_watermark_interval() const noexcept override {
    return settings_.auto_watermark_interval;
  }
  [[nodiscard]] std::shared_ptr<const time::clock> clock() const noexcept override {
    return clock_;
  }
  [[nodiscard]] std::chrono::milliseconds duration_clock_now() const noexcept override;
  void emit_watermark(const operator_base& from, event_time t) override;
  void emit_watermark_status(const operator_base& from, bool idle) override;
  [[nodiscard]] bool checkpointing_enabled() const noexcept override {
    return settings_.checkpointing;
  }
  std::uint32_t register_external(external_receiver& receiver) override;
  [[nodiscard]] void* host() const noexcept override { return out_->host(); }
  [[nodiscard]] std::function<void()> source_waker() const override { return out_->waker(); }
  void hold_input(bool on) override;

  // -- outside actors (actor sinks) ------------------------------------------------------------
  /// The outside actor of `port` acknowledged up to `seq`.
  void on_external_ack(std::uint32_t port, std::uint64_t seq);
  /// An outside actor the task watches terminated.
  void on_external_down(const void* address, const std::string& reason);

private:
  void drive();
  /// The task may not take input: an output lacks credit or an operator holds the input.
  [[nodiscard]] bool blocked() const noexcept { return outputs_.backpressured() || holds_ > 0; }
  /// Takes input again after credit came or a hold ended.
  void resume();
  void finish();
  void flush_writers();
  /// Closes the opened operators not yet closed, upstream first; rethrows the first failure.
  void close_operators();
  /// Emits one poll's worth from the source, failing if it blocked beyond poll_timeout.
  source_status poll_source();
  /// Handles a control event handed out by the input gate.
  void handle_control(std::uint32_t channel, control_event control);
  /// Event time of the inputs reached `t`: the chain hears it upstream first, up to an
  /// operator that generates its own watermarks (except the final one), then every output
  /// channel gets it behind the records emitted before it.
  void advance_watermark(event_time t);
  /// Calls process_watermark on operators [first, end) upstream first, stopping after one
  /// that generates watermarks unless `t` is final; true if the watermark got through.
  bool pass_watermark(std::size_t first, event_time t);
  /// Sends `t` on every output channel if it rises, after flushing the writers.
  void forward_watermark(event_time t);
  /// Sends idle/active downstream when the task's output status changes.
  void forward_status(bool idle);
  /// True if an operator of the chain generates its own watermarks (and statuses).
  [[nodiscard]] bool chain_generates_watermarks() const;
  void apply(const watermark_valve::output& out);
  /// A snapshot taken synchronously, waiting to be written (and, unaligned, for the rest of
  /// its channel state).
  struct snapshot_part {
    std::size_t op = 0;
    state_persistence::part_writer write;
  };
  struct pending_checkpoint {
    checkpoint_id id{0};
    std::vector<snapshot_part> parts;
    std::vector<channel_state_entry> channels;
    std::optional<std::string> async_fault;
    std::vector<bool> barrier_seen;
    std::size_t seen = 0;
    event_time input_watermark = event_time_min;
    event_time output_watermark = event_time_min;
  };
  /// Sends barrier `id` downstream (behind the records before it; unaligned: ahead of the
  /// batches waiting for credit, which it records), then snapshots every operator.
  pending_checkpoint start_checkpoint(checkpoint_id id, bool unaligned, bool force_aligned);
  /// Hands the asynchronous part (operator files and channel state) to the transport.
  void finish_checkpoint(pending_checkpoint p);
  /// Snapshots every operator of the chain into `p` (the synchronous parts).
  void snapshot_operators(pending_checkpoint& p);
  void on_unaligned_barrier(std::uint32_t channel, checkpoint_id id);
  void mark_barrier(std::uint32_t channel);
  [[nodiscard]] bool inputs_channel_ended(std::uint32_t channel) const;
  [[nodiscard]] std::string relative_dir(std::size_t op) const;
  /// Where checkpoint `id` goes: `checkpoint_base / chk-<id>`.
  [[nodiscard]] std::filesystem::path checkpoint_dir(checkpoint_id id) const;
  [[nodiscard]] std::string encode_channel_batch(const std::vector<const type_ops*>& types,
                                                 std::uint32_t channel,
                                                 const batch_base& batch) const;
  void replay_channel_state();
  /// Throws the first due fault of `where` of operator `i` (fault injection).
  void inject(std::size_t i, fault_plan::point where, checkpoint_id id);
  /// Fails operator `i` if its after-records fault is due.
  void check_record_faults();

  std::string name_;
  transport* out_;
  task_settings settings_;
  input_gate inputs_;
  output_gate outputs_;
  watermark_valve valve_;
  event_time watermark_ = event_time_min;       ///< forwarded downstream
  event_time input_watermark_ = event_time_min; ///< from the input channels (the valve)
  bool output_idle_ = false;                    ///< the status last sent downstream
  flush_timer timer_;
  processing_time_service timers_;
  std::vector<std::unique_ptr<operator_base>> operators_;
  std::vector<int> node_ids_;
  std::vector<operator_identity> identities_;
  queryable_state_table queryable_;
  std::vector<std::vector<std::size_t>> faults_of_; ///< per operator: its faults in the plan
  bool has_record_faults_ = false;
  bool losing_messages_ = false; ///< fault_plan::lose_messages fired: every input is dropped
  barrier_handler barriers_;
  bool awaits_job_end_ = false;
  std::optional<pending_checkpoint> unaligned_;
  std::vector<bool> ended_inputs_;
  std::vector<const type_ops*> in_types_;
  std::vector<const type_ops*> out_types_;
  std::vector<channel_state_entry> restored_channels_;
  event_time restored_input_watermark_ = event_time_min;
  event_time restored_output_watermark_ = event_time_min;
  std::vector<std::unique_ptr<holder_base>> holders_;
  std::vector<std::unique_ptr<writer_base>> writers_;
  std::vector<std::unique_ptr<batch_consumer>> consumers_;
  std::vector<batch_consumer*> channel_consumer_;
  source_operator_base* source_ = nullptr;
  std::shared_ptr<const time::clock> clock_;
  std::chrono::microseconds idle_backoff_{0};
  std::size_t opened_operators_ = 0; ///< operators_[0, n) had open() called
  std::size_t closed_operators_ = 0; ///< operators_[0, n) had close() called
  bool opened_ = false;
  bool source_waiting_ = false;
  bool source_idle_ = false; ///< the source had nothing; a backed-off poll is scheduled
  std::vector<external_receiver*> externals_;
  std::size_t holds_ = 0; ///< operators holding the task's input (hold_input)
  bool finished_ = false;
  bool cancelled_ = false;
};

} // namespace weir::flow
