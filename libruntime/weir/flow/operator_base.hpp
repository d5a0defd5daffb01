#pragma once

#include <chrono>
#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <string>
#include <utility>

#include "weir/flow/operator_failure.hpp"
#include "weir/flow/snapshot_context.hpp"
#include "weir/ids.hpp"
#include "weir/time/clock.hpp"
#include "weir/runtime_context.hpp"

namespace weir::flow {

class side_slot_base;
class processing_time_service;
class operator_base;

/// An operator that talks to an actor outside the job (an actor sink) and hears back from it
/// through its task: acknowledgements, and the actor's termination.
class external_receiver {
public:
  virtual ~external_receiver() = default;
  /// The outside actor acknowledged everything up to `seq`.
  virtual void on_external_ack(std::uint64_t seq) = 0;
  /// An actor the task watches terminated: `address` is opaque (the actor layer's), `reason`
  /// readable.
  virtual void on_external_down(const void* address, const std::string& reason) = 0;
};

/// What an operator may ask of the task that runs it, besides pushing records: its
/// processing-time timers, and forwarding the watermarks and idleness an operator generates
/// (the timestamp assigner). Implemented by flow::task; used on the task's thread only.
class task_services {
public:
  virtual ~task_services() = default;
  [[nodiscard]] virtual processing_time_service& timers() noexcept = 0;
  /// configuration::auto_watermark_interval; 0 = no periodic watermarks.
  [[nodiscard]] virtual std::chrono::milliseconds auto_watermark_interval() const noexcept = 0;
  /// The task's processing-time clock.
  [[nodiscard]] virtual std::shared_ptr<const time::clock> clock() const noexcept = 0;
  /// A monotonic time in ms for measuring durations (how long a poll blocked): the injected
  /// clock when a test injected one, else the steady clock, which no wall-clock jump moves.
  [[nodiscard]] virtual std::chrono::milliseconds duration_clock_now() const noexcept = 0;
  /// Event time reached `t` at the output of `from`: the operators after it in the chain hear
  /// it, then the task forwards it downstream (if it rises).
  virtual void emit_watermark(const operator_base& from, event_time t) = 0;
  /// `from`'s output became idle (true) or active (false): forwarded downstream.
  virtual void emit_watermark_status(const operator_base& from, bool idle) = 0;
  /// True if the job takes checkpoints.
  [[nodiscard]] virtual bool checkpointing_enabled() const noexcept { return false; }
  /// Registers an operator that hears from an outside actor; returns its port (what the
  /// actor's acknowledgements name).
  virtual std::uint32_t register_external(external_receiver& receiver) { return 0; }
  /// A thread-safe callable that wakes the task's idle source (transport::waker), or empty.
  [[nodiscard]] virtual std::function<void()> source_waker() const { return {}; }
  /// The actor running the task (opaque: the actor layer's), or null outside an actor.
  [[nodiscard]] virtual void* host() const noexcept { return nullptr; }
  /// While some operator holds it, the task takes no input (and a source task does not poll):
  /// upstream runs out of credit. An operator calls it only when its own hold changes.
  virtual void hold_input(bool on) {}
};

/// One parallel instance of one operator inside a task's chain. Typed operators implement
/// `input<In>` for their input(s) and push to `input<Out>` outputs; this base carries the
/// type-erased lifecycle and wiring the task and the planner need. Lives on one task's thread.
class operator_base {
public:
  explicit operator_base(runtime_context ctx) : ctx_(std::move(ctx)) {
    if (ctx_.operator_state() == nullptr) // the runtime may hand in a restored one
      ctx_.bind_operator_state(std::make_shared<operator_state_binding>());
  }
  virtual ~operator_base() = default;
  operator_base(const operator_base&) = delete;
  operator_base& operator=(const operator_base&) = delete;

  /// Before the first record.
  virtual void open() {}
  /// Every input ended: emit what is left (a bounded input's final results).
  virtual void finish() {}
  /// After finish, or on cancellation: release resources.
  virtual void close() {}
  /// Event time reached `t` on this operator's input (the minimum over the task's input
  /// channels, strictly rising; event_time_max at the end of a bounded input). Called upstream
  /// first through the chain, once per watermark; what the operator emits here reaches the
  /// operators below it before their own call, and the task forwards the watermark downstream
  /// after the whole chain. Window and timer operators fire here.
  virtual void process_watermark(event_time t) {}

  // The task drives the lifecycle through these: what open(), finish() or close() throw (a
  // user function's open/close included) becomes a failure naming this operator.
  void run_open() { guarded([&] { open(); }); }
  void run_finish() { guarded([&] { finish(); }); }
  void run_close() { guarded([&] { close(); }); }
  void run_process_watermark(event_time t) { guarded([&] { process_watermark(t); }); }

  // -- checkpoints ---------------------------------------------------------------------------
  /// Before open(), when the job restores a checkpoint or savepoint that has this operator:
  /// read back what snapshot_state wrote (Flink's initializeState). Backends restore by
  /// themselves.
  virtual void initialize_state(state_initialization_context& ctx) {}
  /// Synchronous part of checkpoint `ctx.checkpoint()`, after every record before the barrier:
  /// write what the operator keeps outside its state backends (Flink's snapshotState).
  virtual void snapshot_state(state_snapshot_context& ctx) {}
  /// Every task acknowledged checkpoint `id`: two-phase-commit sinks commit.
  virtual void notify_checkpoint_complete(checkpoint_id id) {}
  /// Checkpoint `id` will not complete.
  virtual void notify_checkpoint_aborted(checkpoint_id id) {}
  /// True for an operator that commits what it wrote only when the whole job has ended
  /// (two-phase-commit sinks): its task then waits after finishing until the job master says
  /// every task finished (the final checkpoint), so that a failure anywhere before that end
  /// still rolls the sink back.
  [[nodiscard]] virtual bool commits_at_job_end() const noexcept { return false; }

  void run_initialize_state(state_initialization_context& c) {
    guarded([&] { initialize_state(c); });
  }
  void run_snapshot_state(state_snapshot_context& c) { guarded([&] { snapshot_state(c); }); }
  void run_notify_checkpoint_complete(checkpoint_id id) {
    guarded([&] { notify_checkpoint_complete(id); });
  }
  void run_notify_checkpoint_aborted(checkpoint_id id) {
    guarded([&] { notify_checkpoint_aborted(id); });
  }

  /// `input<In>*` of input `side` (0, or 1 for two-input operators), as void*.
  [[nodiscard]] virtual void* input_face(int side) { return nullptr; }
  /// Connects the main output to `target`, an `input<Out>*`.
  virtual void connect_output(void* target) {}
  /// Connects the side output with tag id `tag`.
  virtual void connect_side_output(const std::string& tag, std::unique_ptr<side_slot_base> slot);

  [[nodiscard]] const runtime_context& context() const noexcept { return ctx_; }

  /// The task hands every operator its services when it adds it.
  void bind_task(task_services& task) noexcept { task_ = &task; }

  /// True for an operator that generates its own watermarks (the timestamp assigner): the
  /// watermarks arriving from upstream stop at it, except the final one at event_time_max.
  [[nodiscard]] virtual bool generates_watermarks() const noexcept { return false; }
  [[nodiscard]] const std::string& name() const noexcept { return ctx_.task_name(); }

  std::uint64_t records_in = 0;
  std::uint64_t records_out = 0;

protected:
  /// Runs `f`, turning what a user function throws into an operator_failure naming this
  /// operator: a weir_exception keeps its code (a state or plan error raised inside user code
  /// stays one), anything else is user_function_failed. Failures from further down the chain
  /// pass unchanged.
  template <class F>
  void guarded(F&& f) {
    try {
      f();
    } catch (const operator_failure&) {
      throw;
    } catch (const weir_exception& e) {
      fail(e.err().code(), e.err().message());
    } catch (const std::exception& e) {
      fail(errc::user_function_failed, e.what());
    } catch (...) {
      fail(errc::user_function_failed, "unknown exception");
    }
  }

  /// The task's processing-time timers (null before the task added this operator).
  [[nodiscard]] processing_time_service* processing_time() const noexcept {
    return task_ != nullptr ? &task_->timers() : nullptr;
  }
  /// The task running this operator (null before the task added it).
  [[nodiscard]] task_services* task() const noexcept { return task_; }

  /// Keyed operators give their functions keyed state through the context.
  void bind_keyed_state(std::shared_ptr<keyed_state_binding> binding) {
    ctx_.bind_keyed_state(std::move(binding));
  }

  /// Fails the task with an error of kind `code` naming this operator and subtask.
  [[noreturn]] void fail(errc code, const std::string& what) const {
    throw operator_failure(ctx_.task_name(), ctx_.index_of_this_subtask(),
                           ctx_.number_of_parallel_subtasks(), code, what);
  }

private:
  runtime_context ctx_;
  task_services* task_ = nullptr;
};

} // namespace weir::flow
