#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <variant>
#include <vector>

#include "weir/checkpoint/checkpoint_metadata.hpp"
#include "weir/error.hpp"

#include "weir/flow/batch.hpp"
#include "weir/flow/control_event.hpp"

namespace weir::flow {

/// What a task needs from the world around it: sending on its channels and scheduling itself.
/// The actor layer implements it with CAF messages; tests implement it with a recorder. All
/// calls come from the thread that runs the task.
class transport {
public:
  virtual ~transport() = default;
  /// Sends `batch` on output channel `out_channel`. Called only with credit.
  virtual void send_batch(std::uint32_t out_channel, batch_ptr batch) = 0;
  /// Sends a control event (watermark, barrier, end of stream ...) on output channel
  /// `out_channel`, in order after the batches sent before it. Needs no credit.
  virtual void send_control(std::uint32_t out_channel, control_event control) = 0;
  /// Grants `batches` more credit to the sender on input channel `in_channel`, handing back
  /// consumed batches (emptied, capacity kept) for the sender to refill: batches are reused,
  /// not allocated per send. Between nodes the batches stay behind.
  virtual void send_credit(std::uint32_t in_channel, std::uint32_t batches,
                           std::vector<batch_ptr> recycled) = 0;
  /// Asks for `task::on_flush_timer` after `delay`. The task asks at most once at a time.
  virtual void schedule_flush(std::chrono::milliseconds delay) = 0;
  /// Asks for `task::on_poll` after `delay` (zero: as soon as other actors had a turn).
  virtual void schedule_poll(std::chrono::microseconds delay) = 0;
  /// Asks for `task::on_timer` after `delay`: the wake-up of the task's processing-time
  /// timers (processing_time_service asks for one at its earliest due time).
  virtual void schedule_timer(std::chrono::milliseconds delay) = 0;

  /// The asynchronous part of a task's snapshot: writes the files and returns what the task
  /// acknowledges, or the error that declines the checkpoint. Runs on any thread.
  using snapshot_writer = std::function<std::variant<checkpoint::task_snapshot, error>()>;
  /// The task took the synchronous part of checkpoint `id`: run `write` (here or elsewhere)
  /// and acknowledge the checkpoint with its result, or decline it with its error.
  virtual void acknowledge_checkpoint(checkpoint_id id, snapshot_writer write) {}
  /// True if output channel `out_channel` leads to another process: its batches are encoded
  /// and carry more records (task_settings::remote_batch_size).
  [[nodiscard]] virtual bool remote_output(std::uint32_t out_channel) const noexcept {
    return false;
  }
  /// A callable any thread may call to wake the task's idle source at once (it then polls
  /// without waiting out its back-off), or empty where the transport cannot.
  [[nodiscard]] virtual std::function<void()> waker() const { return {}; }
  /// The actor the task runs in (opaque: the actor layer's), or null.
  [[nodiscard]] virtual void* host() const noexcept { return nullptr; }
  /// Fault injection (fault_plan::delay_channel): everything sent from now on arrives `delay`
  /// later, in order.
  virtual void delay_sends(std::chrono::milliseconds delay) {}
};

} // namespace weir::flow
