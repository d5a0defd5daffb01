#pragma once

#include <chrono>
#include <cstdint>

#include "weir/ids.hpp"

namespace weir {

/// Timers of the current key (Flink's TimerService), from `ctx.timer_service()` in a keyed
/// process function. A timer is one (key, time, domain): registering it twice keeps one,
/// deleting an absent one does nothing. An event-time timer fires, through the function's
/// `on_timer`, when the operator's watermark reaches it (time <= watermark), so one registered
/// at or below the current watermark fires at the next watermark; at the end of a bounded input
/// the final watermark fires every one left. A processing-time timer fires when the task's
/// clock (`configuration::clock`) reaches it, between batches, and never after the input ended.
/// Times are ms since the epoch. Valid during the call that handed out the context.
class timer_service {
public:
  using millis = std::chrono::milliseconds;
  virtual ~timer_service() = default;

  /// The operator's current watermark (event_time_min before the first one).
  [[nodiscard]] virtual event_time current_watermark() const = 0;
  /// The task's processing-time clock, ms since the epoch.
  [[nodiscard]] virtual millis current_processing_time() const = 0;

  virtual void register_event_time_timer(event_time t) = 0;
  virtual void delete_event_time_timer(event_time t) = 0;
  virtual void register_processing_time_timer(millis t) = 0;
  virtual void delete_processing_time_timer(millis t) = 0;

  // The same in plain ms, as Flink's long timestamps.
  void register_event_time_timer(std::int64_t ms) { register_event_time_timer(event_time{ms}); }
  void delete_event_time_timer(std::int64_t ms) { delete_event_time_timer(event_time{ms}); }
  void register_processing_time_timer(std::int64_t ms) { register_processing_time_timer(millis{ms}); }
  void delete_processing_time_timer(std::int64_t ms) { delete_processing_time_timer(millis{ms}); }
};

} // namespace weir
