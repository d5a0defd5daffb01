#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "weir/ids.hpp"

namespace weir::flow {

/// A task's event-time clock over its input channels (Flink's StatusWatermarkValve): the
/// task's watermark is the minimum over the channels that are not idle, and only a strictly
/// higher watermark goes downstream. A channel's own watermark never goes back. An idle
/// channel does not hold the clock back; when it becomes active again it joins the minimum
/// only once its watermark has caught up with the task's, so it cannot move the clock
/// backwards. When every channel is idle the task is idle downstream too.
/// Plain class; touched only by the owning task's thread.
class watermark_valve {
public:
  /// What an input event changed downstream.
  struct output {
    std::optional<event_time> watermark; ///< a new, higher watermark to forward
    std::optional<bool> idle;            ///< the task became idle (true) or active (false)
  };

  explicit watermark_valve(std::size_t channels);

  [[nodiscard]] output on_watermark(std::uint32_t channel, event_time t);
  [[nodiscard]] output on_idle(std::uint32_t channel);
  [[nodiscard]] output on_active(std::uint32_t channel);

  /// The last watermark forwarded (event_time_min before the first).
  [[nodiscard]] event_time current() const noexcept { return current_; }
  [[nodiscard]] bool idle() const noexcept { return idle_; }

private:
  struct channel_state {
    event_time watermark = event_time_min;
    bool idle = false;
    bool aligned = true; ///< takes part in the minimum
  };
  [[nodiscard]] std::optional<event_time> advance();
  [[nodiscard]] std::optional<bool> update_idle();

  std::vector<channel_state> channels_;
  event_time current_ = event_time_min;
  bool idle_ = false;
};

} // namespace weir::flow
