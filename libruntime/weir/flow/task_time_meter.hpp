#pragma once

#include <chrono>

namespace weir::flow {

/// Splits a task's time into busy, idle and backpressured (Flink's busyTimeMsPerSecond,
/// idleTimeMsPerSecond and backPressuredTimeMsPerSecond, as totals): the time inside an
/// activation (one message handled) is busy; the wait until the next activation is
/// backpressured if the task ended the activation with an output lacking credit, else idle.
/// Two clock readings per message, none per record. Time is passed in (nanoseconds on any
/// monotonic clock), so tests drive it. Used by the task's thread only.
class task_time_meter {
public:
  using nanoseconds = std::chrono::nanoseconds;

  struct totals {
    nanoseconds busy{0};
    nanoseconds idle{0};
    nanoseconds backpressured{0};
  };

  explicit task_time_meter(nanoseconds start = nanoseconds{0}) noexcept : mark_(start) {}

  /// An activation starts at `now`: the wait since the last one is idle or backpressured.
  void begin(nanoseconds now) noexcept {
    if (now < mark_)
      now = mark_;
    (waiting_backpressured_ ? totals_.backpressured : totals_.idle) += now - mark_;
    mark_ = now;
    active_ = true;
  }
  /// The activation that began last ends at `now`; the task waits backpressured from here on
  /// if `backpressured`.
  void end(nanoseconds now, bool backpressured) noexcept {
    if (now < mark_)
      now = mark_;
    if (active_)
      totals_.busy += now - mark_;
    mark_ = now;
    active_ = false;
    waiting_backpressured_ = backpressured;
  }
  /// The totals up to `now`, the current stretch included (read between activations).
  [[nodiscard]] totals read(nanoseconds now) const noexcept {
    auto t = totals_;
    if (now > mark_)
      (active_ ? t.busy : waiting_backpressured_ ? t.backpressured : t.idle) += now - mark_;
    return t;
  }
  /// True if the task is waiting for credit (between activations).
  [[nodiscard]] bool backpressured() const noexcept { return !active_ && waiting_backpressured_; }

private:
  totals totals_;
  nanoseconds mark_;
  bool active_ = false;
  bool waiting_backpressured_ = false;
};

} // namespace weir::flow
