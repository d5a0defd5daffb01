#pragma once

#include <utility>
#include <vector>

#include "weir/flow/control_event.hpp"
#include "weir/ids.hpp"
#include "weir/time/watermark_output.hpp"

namespace weir {

/// A watermark_output that records what goes downstream, as the control events a channel
/// carries (Flink's WatermarkToDataOutput): only strictly rising watermarks (a generator may
/// emit the same or a lower one on every periodic call), and only changes of status. A
/// watermark emitted while idle records `active` before it. Used by tests and by the
/// timestamp assigner operator, which drains the events after each call into its generator.
/// Plain class; touched only by the owning task's thread.
class recording_watermark_output final : public watermark_output {
public:
  void emit_watermark(event_time t) override {
    if (t <= current_)
      return;
    current_ = t;
    mark_active();
    events_.push_back(flow::control_event::watermark(t));
  }

  void mark_idle() override {
    if (idle_)
      return;
    idle_ = true;
    events_.push_back(flow::control_event::idle());
  }

  void mark_active() override {
    if (!idle_)
      return;
    idle_ = false;
    events_.push_back(flow::control_event::active());
  }

  /// What was recorded since the last clear(), oldest first.
  [[nodiscard]] const std::vector<flow::control_event>& events() const noexcept {
    return events_;
  }
  /// Forgets the recorded events, keeping their storage (the operator drains per call).
  void clear() noexcept { events_.clear(); }

  /// The highest watermark recorded (event_time_min before the first).
  [[nodiscard]] event_time current_watermark() const noexcept { return current_; }
  [[nodiscard]] bool idle() const noexcept { return idle_; }

private:
  std::vector<flow::control_event> events_;
  event_time current_ = event_time_min;
  bool idle_ = false;
};

} // namespace weir
