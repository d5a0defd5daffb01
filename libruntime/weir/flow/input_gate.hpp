#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <vector>

#include "weir/flow/batch.hpp"
#include "weir/flow/control_event.hpp"
#include "weir/flow/transport.hpp"

namespace weir::flow {

/// All input channels of one task: queues what arrives per channel in order (batches and
/// control events: watermarks, barriers, end of stream), hands it out round-robin over the
/// channels that are not blocked, and grants credit back in bulk as batches are consumed. A
/// channel never holds more than `window` batches that were received or granted and not yet
/// consumed, so the queue is bounded by the credit it granted; a blocked channel (barrier
/// alignment) keeps its queue without a message left in the mailbox. Touched only by the
/// owning task's thread.
class input_gate {
public:
  /// What `next()` hands out: a batch, or a control event of a channel.
  struct event {
    std::uint32_t channel = 0;
    batch_ptr batch;       ///< null = a control event
    control_event control; ///< when batch is null
  };

  input_gate(transport& out, std::size_t channels, std::uint32_t window);

  [[nodiscard]] std::size_t channels() const noexcept { return channels_.size(); }

  /// The sender on `channel` announced itself: grant it the initial window.
  void open(std::uint32_t channel);

  /// Queues a batch or a control event that arrived on `channel`, behind what came before.
  void enqueue(std::uint32_t channel, batch_ptr batch);
  void enqueue(std::uint32_t channel, control_event control);
  void enqueue_end_of_stream(std::uint32_t channel) {
    enqueue(channel, control_event::end_of_stream());
  }

  /// The next event, round-robin over unblocked channels with something queued. An end of
  /// stream counts towards finished() when it is handed out.
  [[nodiscard]] std::optional<event> next();

  /// Holds back `channel`: next() skips it (its sender stops once its credit is used up)
  /// until unblock(). Used to align checkpoint barriers.
  void block(std::uint32_t channel) { channels_.at(channel).blocked = true; }
  void unblock(std::uint32_t channel) { channels_.at(channel).blocked = false; }
  [[nodiscard]] bool blocked(std::uint32_t channel) const { return channels_.at(channel).blocked; }

  /// Reports that `batch`, taken from `channel`, was processed: its credit comes back, in bulk
  /// once half a window (at least one batch) has been consumed, together with the batch for
  /// reuse if nothing else holds it.
  void consumed(std::uint32_t channel, batch_ptr batch = nullptr);

  /// True once every channel delivered its end-of-stream through next().
  [[nodiscard]] bool finished() const noexcept { return ended_ == channels_.size(); }

  /// Batches and control events received on `channel` and not yet handed out.
  [[nodiscard]] std::size_t queued(std::uint32_t channel) const {
    return channels_.at(channel).queue.size();
  }
  /// Calls `fn(batch)` for each batch received on `channel` and not handed out yet.
  template <class Fn>
  void for_each_queued_batch(std::uint32_t channel, Fn&& fn) const {
    for (const auto& e : channels_.at(channel).queue)
      if (e.batch)
        fn(*e.batch);
  }
  /// Highest number of batches ever queued on one channel (for the credit-bound tests).
  [[nodiscard]] std::size_t peak_queued() const noexcept { return peak_queued_; }
  [[nodiscard]] std::uint32_t window() const noexcept { return window_; }

private:
  struct queued_event {
    batch_ptr batch;
    control_event control;
  };
  struct channel_state {
    std::deque<queued_event> queue;
    bool blocked = false;
    bool ended = false;
    std::uint32_t unannounced = 0;
    std::vector<batch_ptr> recycled;
  };

  transport* out_;
  std::vector<channel_state> channels_;
  std::uint32_t window_;
  std::uint32_t grant_threshold_;
  std::size_t cursor_ = 0;
  std::size_t ended_ = 0;
  std::size_t peak_queued_ = 0;
};

} // namespace weir::flow
