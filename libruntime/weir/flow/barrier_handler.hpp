#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "weir/checkpoint_config.hpp"
#include "weir/flow/input_gate.hpp"
#include "weir/ids.hpp"

namespace weir::flow {

/// Barrier handling of one task's inputs (Flink's CheckpointBarrierHandler): decides when the
/// task has seen checkpoint n's barrier on every input channel that has not ended, and so
/// takes its snapshot and forwards the barrier.
///
/// Exactly-once aligns (Flink's SingleCheckpointBarrierHandler, aligned): a channel that
/// delivered barrier n is blocked in the input gate, so the records behind it wait (in its
/// queue, within the credit the gate granted) until every channel delivered n; then every
/// channel is unblocked. At-least-once only counts: nothing is blocked, and records that
/// arrive behind a barrier before the others are in the snapshot's state too.
///
/// A newer barrier while one is aligning aborts the older checkpoint (Flink does the same:
/// the newer one subsumes it); a cancel barrier aborts it too; an ended channel counts as
/// having delivered every barrier. Plain class; used on the task's thread.
class barrier_handler {
public:
  /// What the task does after an event.
  struct outcome {
    std::optional<checkpoint_id> take;    ///< every channel delivered it: snapshot and forward
    std::optional<checkpoint_id> aborted; ///< alignment of it stopped: forward a cancel barrier
  };

  barrier_handler(input_gate& gate, checkpointing_mode mode);

  /// The gate handed out barrier `id` of `channel`.
  [[nodiscard]] outcome on_barrier(std::uint32_t channel, checkpoint_id id);
  /// The gate handed out a cancel barrier of `id` on `channel`.
  [[nodiscard]] outcome on_cancel_barrier(std::uint32_t channel, checkpoint_id id);
  /// The gate handed out `channel`'s end of stream.
  [[nodiscard]] outcome on_end_of_stream(std::uint32_t channel);

  /// The task took checkpoint `id` on its own (a source, triggered by the coordinator):
  /// barriers of it and older ones are stale.
  void taken(checkpoint_id id) noexcept {
    if (id > current_) {
      current_ = id;
      aligning_ = false;
    }
  }

  /// The checkpoint being aligned, if any.
  [[nodiscard]] std::optional<checkpoint_id> pending() const noexcept {
    return aligning_ ? std::optional{current_} : std::nullopt;
  }
  /// Highest checkpoint this task took or aborted (later barriers of it are ignored).
  [[nodiscard]] checkpoint_id latest() const noexcept { return current_; }

private:
  outcome start(checkpoint_id id);
  outcome complete_if_all_arrived();
  void release();

  input_gate* gate_;
  checkpointing_mode mode_;
  std::vector<bool> arrived_;
  std::vector<bool> ended_;
  std::size_t arrived_count_ = 0;
  std::size_t ended_count_ = 0;
  checkpoint_id current_{0};
  bool aligning_ = false;
};

} // namespace weir::flow
