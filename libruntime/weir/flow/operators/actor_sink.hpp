#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "weir/flow/demand_ledger.hpp"
#include "weir/flow/operators/sink_operator.hpp"
#include "weir/logger.hpp"

namespace weir {

/// Settings of an actor sink (data_stream::to_actor).
struct actor_sink_options {
  /// Batches sent to the receiver and not acknowledged yet, at most (one more may go at a
  /// checkpoint barrier and at the end of the input). This is the backpressure a slow
  /// receiver puts on the job.
  std::uint64_t max_unacknowledged = 4;
  /// A receiver that terminates fails the job (the default) or, with this set, the sink
  /// drops what it would have sent and counts it (logged when the sink closes).
  bool drop_when_receiver_down = false;
};

} // namespace weir

namespace weir::flow {

/// Where an actor sink delivers: the actor layer implements it for a CAF actor handle.
/// Used on the sink task's thread only.
template <class T>
class actor_endpoint {
public:
  virtual ~actor_endpoint() = default;
  /// Binds to the task that runs the sink: `host` is the task's actor (opaque here), `port`
  /// what the receiver's acknowledgements carry. The endpoint watches the receiver: its
  /// termination reaches the task as external_receiver::on_external_down.
  virtual void attach(void* host, std::uint32_t port) = 0;
  /// Sends records `seq` (from 1) of subtask `subtask` of `subtasks`; `end` marks its last.
  virtual void deliver(std::uint64_t seq, std::vector<T>&& records, bool end, int subtask,
                       int subtasks) = 0;
  /// True if `address` (opaque: what the actor layer's down message names) is the receiver.
  [[nodiscard]] virtual bool is_receiver(const void* address) const noexcept = 0;
  /// The receiver, for error messages.
  [[nodiscard]] virtual std::string describe() const = 0;
};

/// Makes an endpoint of `Handle` for records of type T. The actor layer specializes it for
/// caf::actor (weir/actor_io.hpp, included by weir/weir.hpp).
template <class Handle, class T>
struct actor_endpoint_factory {
  static_assert(!std::is_same_v<Handle, Handle>,
                "weir: to_actor needs the actor layer: include weir/weir.hpp (or "
                "weir/actor_io.hpp) and pass a caf::actor");
};

/// data_stream::to_actor: delivers the records to a user actor in batches that it
/// acknowledges. Unacknowledged batches are bounded; past the bound the sink holds its task's
/// input, so upstream runs out of credit (the same backpressure as between tasks). A batch
/// goes out per input batch while the window allows; otherwise records wait here (at most
/// one input batch, since the task takes no more input meanwhile).
template <class T>
class actor_sink final : public sink_operator<T>, public external_receiver {
public:
  actor_sink(runtime_context ctx, std::unique_ptr<actor_endpoint<T>> endpoint,
             actor_sink_options options)
    : sink_operator<T>(std::move(ctx)), endpoint_(std::move(endpoint)), options_(options),
      window_(options.max_unacknowledged) {}

  void open() override {
    if (this->task() == nullptr)
      return;
    port_ = this->task()->register_external(*this);
    endpoint_->attach(this->task()->host(), port_);
  }

  void finish() override {
    send_now(true); // the last batch (perhaps empty) tells the receiver this subtask is done
  }

  void close() override {
    if (dropped_ > 0)
      logger("weir.task")->warn("{}: the receiver {} was gone; {} records were dropped",
                     this->context().task_name(), endpoint_->describe(), dropped_);
  }

  void snapshot_state(state_snapshot_context&) override {
    // At-least-once: what came before the barrier is on its way before the checkpoint.
    if (!pending_.empty())
      send_now(false);
  }

  void on_external_ack(std::uint64_t seq) override {
    auto acked = window_.ack(seq);
    if (auto* err = std::get_if<error>(&acked))
      this->fail(errc::user_function_failed,
                 endpoint_->describe() + ": " + err->message()
                   + " (acknowledge each weir::sink_batch once, with ack())");
    if (!pending_.empty() && window_.can_send())
      send_now(false);
    hold(!pending_.empty());
  }

  void on_external_down(const void* address, const std::string& reason) override {
    if (down_ || !endpoint_->is_receiver(address))
      return;
    down_ = true;
    if (!options_.drop_when_receiver_down)
      this->fail(errc::user_function_failed,
                 "the actor sink's receiver " + endpoint_->describe() + " terminated ("
                   + reason + "); keep it alive while the job runs, or set "
                   "actor_sink_options::drop_when_receiver_down to drop and count instead");
    dropped_ += pending_.size();
    pending_.clear();
    hold(false);
  }

  /// Records dropped because the receiver was gone (drop_when_receiver_down).
  [[nodiscard]] std::uint64_t dropped() const noexcept { return dropped_; }

protected:
  void write(std::vector<T>& batch) override {
    if (down_) {
      dropped_ += batch.size();
      return;
    }
    if (pending_.empty())
      pending_.swap(batch);
    else
      pending_.insert(pending_.end(), std::make_move_iterator(batch.begin()),
                      std::make_move_iterator(batch.end()));
    if (window_.can_send())
      send_now(false);
    hold(!pending_.empty());
  }

private:
  void send_now(bool end) {
    if (down_) {
      dropped_ += pending_.size();
      pending_.clear();
      return;
    }
    if (pending_.empty() && !end)
      return;
    this->records_out += pending_.size();
    const auto& ctx = this->context();
    endpoint_->deliver(window_.next(), std::exchange(pending_, {}), end,
                       ctx.index_of_this_subtask(), ctx.number_of_parallel_subtasks());
  }

  void hold(bool on) {
    if (on == held_ || this->task() == nullptr)
      return;
    held_ = on;
    this->task()->hold_input(on);
  }

  std::unique_ptr<actor_endpoint<T>> endpoint_;
  actor_sink_options options_;
  ack_window window_;
  std::vector<T> pending_;
  std::uint32_t port_ = 0;
  std::uint64_t dropped_ = 0;
  bool held_ = false;
  bool down_ = false;
};

} // namespace weir::flow
