#pragma once

#include <chrono>
#include <memory>
#include <utility>

#include "weir/ids.hpp"
#include "weir/time/clock.hpp"
#include "weir/time/idleness_timer.hpp"
#include "weir/time/watermark_generator.hpp"

namespace weir {

/// Adds idleness to another generator (Flink's WatermarksWithIdleness): when no record arrived
/// for the idle timeout (see idleness_timer for exactly when, read against the injected
/// clock), periodic emit marks the output idle instead of asking the inner generator, so an
/// input without data does not hold back event time downstream. The next record marks the
/// output active again before the inner generator sees it. (Flink leaves that to the next
/// emitted watermark, which does not come if the watermark does not rise; Weir marks active
/// on the record itself, so records never flow on a channel downstream counts as idle.)
/// Created by watermark_strategy::with_idleness. Touched only by the owning task's thread.
template <class T>
class watermarks_with_idleness final : public watermark_generator<T> {
public:
  watermarks_with_idleness(std::unique_ptr<watermark_generator<T>> inner,
                           std::chrono::milliseconds timeout,
                           std::shared_ptr<const time::clock> clock)
    : inner_(std::move(inner)), timer_(std::move(clock), timeout) {}

  void on_event(const T& record, event_time timestamp, watermark_output& out) override {
    if (idle_) {
      idle_ = false;
      out.mark_active();
    }
    inner_->on_event(record, timestamp, out);
    timer_.activity();
  }

  void on_periodic_emit(watermark_output& out) override {
    if (timer_.check_if_idle()) {
      if (!idle_) {
        out.mark_idle();
        idle_ = true;
      }
    } else {
      inner_->on_periodic_emit(out);
    }
  }

private:
  std::unique_ptr<watermark_generator<T>> inner_;
  idleness_timer timer_;
  bool idle_ = false;
};

} // namespace weir
