#pragma once

#include <chrono>
#include <cstdint>
#include <vector>

#include "weir/flow/output_gate.hpp"

namespace weir::flow {

/// Asks the transport for one flush timer at a time on behalf of all writers of a task.
class flush_timer {
public:
  flush_timer(transport& out, std::chrono::milliseconds timeout) : out_(&out), timeout_(timeout) {}
  void request() {
    if (!pending_) {
      pending_ = true;
      out_->schedule_flush(timeout_);
    }
  }
  void fired() noexcept { pending_ = false; }

private:
  transport* out_;
  std::chrono::milliseconds timeout_;
  bool pending_ = false;
};

/// Where and how a writer sends: the task's output gate, its channels on it (one per
/// connected downstream instance, in order), and the batching knobs.
struct writer_context {
  output_gate* gate = nullptr;
  flush_timer* timer = nullptr;
  std::uint32_t first_channel = 0;
  std::vector<int> targets;   ///< downstream subtask index of each channel
  int target_parallelism = 1; ///< all instances of the downstream operator
  int max_parallelism = 128;
  int subtask = 0;
  std::size_t batch_size = 1024;
  /// Records per batch of each channel (channels to other processes carry more); empty: all
  /// `batch_size`.
  std::vector<std::size_t> channel_batch_size;
  bool flush_every_record = false;
};

/// The end of a chain that feeds a network edge: partitions records into per-channel batches
/// and hands full (or timed-out) batches to the output gate.
class writer_base {
public:
  virtual ~writer_base() = default;
  /// `input<T>*` as void*.
  [[nodiscard]] virtual void* as_input() = 0;
  /// Hands every non-empty batch to the gate.
  virtual void flush() = 0;
};

} // namespace weir::flow
