#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <unordered_map>
#include <utility>

#include "weir/flow/transport.hpp"
#include "weir/time/clock.hpp"

namespace weir::flow {

/// The processing-time timers of one task (Flink's ProcessingTimeService): operators register
/// callbacks for a time of the injected clock, the task asks its transport for one wake-up at
/// the earliest due time, and fires what is due in time order (ties in registration order).
/// It serves periodic watermark emission, idleness checks and the processing-time timers of
/// process functions; a test drives it with a manual_clock. Callbacks run on the task's
/// thread, between batches, so they never race the operator's records. Touched only by the
/// owning task's thread.
class processing_time_service {
public:
  using millis = std::chrono::milliseconds;
  /// Called with the clock's time when the timer fires (>= its due time).
  using callback = std::function<void(millis now)>;
  using timer_handle = std::uint64_t;

  processing_time_service(transport& out, std::shared_ptr<const time::clock> clock);

  /// The clock's time, ms since the epoch (Flink's getCurrentProcessingTime).
  [[nodiscard]] millis current_processing_time() const noexcept { return clock_->now(); }

  /// Fires `fn` once, when the clock reaches `at` (at once on the next wake-up if `at` passed).
  timer_handle register_timer(millis at, callback fn);
  /// Fires `fn` every `interval` (>= 1 ms), first at now + interval; a late wake-up does not
  /// make it drift (the next due time is the previous due time + interval, skipping missed
  /// periods), as Flink's scheduleWithFixedDelay for periodic watermarks.
  timer_handle register_periodic(millis interval, callback fn);
  /// Removes a timer; unknown or already fired one-shot handles are ignored.
  void cancel(timer_handle handle);

  /// The transport's wake-up arrived: fires every timer due now that was registered before
  /// this round (one a callback registers for a time already passed fires on the next
  /// wake-up, asked for at once, so that a timer re-registering itself cannot hold the task),
  /// then asks for the next wake-up. What a callback throws propagates (the task fails).
  void on_wakeup();
  /// Drops every timer and asks for no more wake-ups (the task finished or was cancelled).
  void quiesce();

  [[nodiscard]] std::size_t pending() const noexcept { return timers_.size(); }
  /// Due time of the earliest timer.
  [[nodiscard]] std::optional<millis> next_due() const;

private:
  struct entry {
    timer_handle handle = 0;
    callback fn;
    millis interval{0}; ///< 0 = one-shot
  };
  using key = std::pair<millis, std::uint64_t>; // due time, registration sequence

  timer_handle add(millis at, millis interval, callback fn);
  void arm();

  transport* out_;
  std::shared_ptr<const time::clock> clock_;
  std::map<key, entry> timers_;
  std::unordered_map<timer_handle, key> by_handle_;
  std::uint64_t sequence_ = 0;
  /// Due times of the wake-ups asked for and not yet arrived, earliest first. Wake-ups arrive
  /// in due order, so each arrival is the earliest one; a stale one (booked before an earlier
  /// timer came) is not booked again.
  std::multiset<millis> outstanding_;
  bool quiesced_ = false;
};

} // namespace weir::flow
