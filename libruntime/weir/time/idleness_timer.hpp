#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <utility>

#include "weir/time/clock.hpp"

namespace weir {

/// Decides when a stream without records is idle (Flink's WatermarksWithIdleness.IdlenessTimer).
/// A record only bumps a counter (no clock read per record); each check, made on periodic
/// emit, compares the counter with the previous check's. The countdown starts at the first
/// check that saw no record since the previous one, and the stream is idle at the first check
/// after strictly more than `timeout` has passed since then. So idleness comes no earlier than
/// `timeout` after the last record, and at most `timeout` plus three periodic intervals after
/// it. Plain class; touched only by the owning task's thread.
class idleness_timer {
public:
  /// `timeout` must be positive (watermark_strategy::with_idleness checks it).
  idleness_timer(std::shared_ptr<const time::clock> clock, std::chrono::milliseconds timeout)
    : clock_(std::move(clock)), timeout_(timeout) {}

  /// A record arrived.
  void activity() noexcept { ++counter_; }

  /// Whether the stream is idle now; call it on periodic emit.
  [[nodiscard]] bool check_if_idle() noexcept {
    if (counter_ != last_counter_) {
      last_counter_ = counter_; // records since the last check: restart the countdown
      inactive_since_.reset();
      return false;
    }
    if (!inactive_since_) {
      inactive_since_ = clock_->now(); // the first check without records starts the countdown
      return false;
    }
    return clock_->now() - *inactive_since_ > timeout_;
  }

private:
  std::shared_ptr<const time::clock> clock_;
  std::chrono::milliseconds timeout_;
  std::uint64_t counter_ = 0; ///< wraps harmlessly: only (in)equality matters
  std::uint64_t last_counter_ = 0;
  std::optional<std::chrono::milliseconds> inactive_since_;
};

} // namespace weir
