#pragma once

#include "weir/ids.hpp"
#include "weir/keyed_context.hpp"
#include "weir/time_domain.hpp"

namespace weir {

/// Context of `on_timer` in a keyed process function (Flink's OnTimerContext): the key of the
/// timer that fired (its keyed state is current), which clock it followed and its time, side
/// outputs and the timer service. Records emitted from an event-time timer, to the main and to
/// side outputs, carry the timer's time as their timestamp; records emitted from a
/// processing-time timer carry none (Flink erases it). Owned by the operator, which also hands
/// it to process_element as the keyed_context.
template <class K>
class on_timer_context : public keyed_context<K> {
public:
  using keyed_context<K>::keyed_context;

  /// The clock of the timer that fired.
  [[nodiscard]] weir::time_domain time_domain() const noexcept { return domain_; }
  /// The time of the timer that fired, in either domain (Flink's OnTimerContext::timestamp()).
  [[nodiscard]] event_time timestamp() const noexcept { return time_; }

  // -- used by the operator ------------------------------------------------------------------
  void set_timer(event_time t, weir::time_domain d) noexcept {
    time_ = t;
    domain_ = d;
    if (d == weir::time_domain::event_time)
      this->set_timestamp(t.value());
    else
      this->clear_timestamp();
  }

private:
  event_time time_{};
  weir::time_domain domain_ = weir::time_domain::event_time;
};

} // namespace weir
