#pragma once

#include <cstdint>
#include <deque>
#include <vector>

#include "weir/flow/batch.hpp"
#include "weir/flow/control_event.hpp"
#include "weir/flow/credit_ledger.hpp"
#include "weir/flow/transport.hpp"

namespace weir::flow {

/// All output channels of one task: sends batches with credit, queues them without, and keeps
/// every control event (watermark, barrier, end of stream) behind the batches queued before
/// it; a control event itself needs no credit. A task with a queued batch is backpressured: it stops
/// consuming input until credit arrives. Touched only by the owning task's thread.
class output_gate {
public:
  explicit output_gate(transport& out, std::size_t channels = 0)
    : out_(&out), ledger_(channels), pending_(channels), recycled_(channels) {}

  void resize(std::size_t channels) {
    ledger_.resize(channels);
    pending_.resize(channels);
    recycled_.resize(channels);
  }
  [[nodiscard]] std::size_t channels() const noexcept { return pending_.size(); }

  /// Sends `batch` on `channel` now if it has credit and nothing queued, else queues it.
  void send_batch(std::uint32_t channel, batch_ptr batch);

  /// Queues `control` behind everything on every channel; each copy goes out as soon as it
  /// is first in its channel's queue.
  void broadcast_control(control_event control);
  /// Queues `control` behind everything on `channel`.
  void send_control(std::uint32_t channel, control_event control);
  /// Sends `control` on every channel now, ahead of the batches queued for credit (an
  /// unaligned checkpoint's barrier overtakes them; they go into its channel state).
  void broadcast_priority(control_event control) {
    for (std::uint32_t ch = 0; ch < pending_.size(); ++ch)
      out_->send_control(ch, control);
  }
  /// Calls `fn(batch)` for each batch queued on `channel` for lack of credit, oldest first.
  template <class Fn>
  void for_each_queued_batch(std::uint32_t channel, Fn&& fn) const {
    for (const auto& e : pending_.at(channel))
      if (e.batch)
        fn(*e.batch);
  }
  /// broadcast_control(end of stream).
  void end_of_stream() { broadcast_control(control_event::end_of_stream()); }

  /// Credit from the receiver of `channel`; sends what it now allows. `recycled` are batches
  /// the receiver consumed, kept for refilling.
  void on_credit(std::uint32_t channel, std::uint32_t batches,
                 std::vector<batch_ptr> recycled = {});

  /// An emptied batch the receiver of `channel` handed back, or null. Its type is the
  /// channel's record type.
  [[nodiscard]] batch_ptr take_recycled(std::uint32_t channel) {
    auto& pool = recycled_[channel];
    if (pool.empty())
      return nullptr;
    auto b = std::move(pool.back());
    pool.pop_back();
    return b;
  }

  /// True while some batch waits for credit.
  [[nodiscard]] bool backpressured() const noexcept { return queued_batches_ > 0; }

  /// True once end-of-stream went out on every channel.
  [[nodiscard]] bool closed() const noexcept { return closed_channels_ == pending_.size(); }

  [[nodiscard]] const credit_ledger& ledger() const noexcept { return ledger_; }
  [[nodiscard]] std::size_t queued_batches() const noexcept { return queued_batches_; }

  /// Batches handed to the transport so far (a metric).
  [[nodiscard]] std::uint64_t batches_sent() const noexcept { return batches_sent_; }

private:
  void drain(std::uint32_t channel);

  struct event {
    batch_ptr batch;       // null = a control event
    control_event control;
  };

  transport* out_;
  credit_ledger ledger_;
  std::vector<std::deque<event>> pending_;
  std::vector<std::vector<batch_ptr>> recycled_;
  std::size_t queued_batches_ = 0;
  std::uint64_t batches_sent_ = 0;
  std::size_t closed_channels_ = 0;
};

} // namespace weir::flow
