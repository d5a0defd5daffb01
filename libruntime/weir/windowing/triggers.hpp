#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <string>
#include <utility>

#include "weir/error.hpp"
#include "weir/state/reducing_state_descriptor.hpp"
#include "weir/windowing/trigger_context.hpp"

namespace weir {

// Triggers (Flink's Trigger) decide when a window's function runs. A trigger is a value type
// with these members (templates over the element type T and window type W, or concrete for a
// custom trigger):
//
//   trigger_result on_element(const T&, std::int64_t timestamp, const W&, trigger_context&);
//   trigger_result on_event_time(std::int64_t time, const W&, trigger_context&);
//   trigger_result on_processing_time(std::int64_t time, const W&, trigger_context&);
//   void clear(const W&, trigger_context&);     // the window is gone: drop timers and state
//   bool can_merge() const;  void on_merge(const W&, trigger_context&);   // for sessions
//
// A trigger keeps what it needs in state from ctx.get_partitioned_state (so checkpoints take
// it), never in members: one trigger object serves every key and window of an instance.
//
// A trigger may declare `static constexpr bool end_timer_only = true` when on_element does
// nothing but register one timer at the window's max_timestamp() and return continue_ while
// that time has not passed, with `static constexpr bool end_timer_event_time` saying in which
// time (event and processing time triggers). When that is the assigner's time, the operator
// calls it only for the first element of a window, not for every element (the timer is there
// already); a trigger on the other clock is asked every time, as in Flink.

namespace windowing_detail {

/// The timers and clock of one time domain, as a trigger reaches them through its context.
template <bool EventTime>
struct clock_of {
  static std::int64_t now(const trigger_context& ctx) {
    return EventTime ? ctx.current_watermark() : ctx.current_processing_time();
  }
  static void register_timer(trigger_context& ctx, std::int64_t t) {
    if constexpr (EventTime)
      ctx.register_event_time_timer(t);
    else
      ctx.register_processing_time_timer(t);
  }
  static void delete_timer(trigger_context& ctx, std::int64_t t) {
    if constexpr (EventTime)
      ctx.delete_event_time_timer(t);
    else
      ctx.delete_processing_time_timer(t);
  }
};

/// Flink's EventTimeTrigger (EventTime) and ProcessingTimeTrigger: fires once when its clock
/// passes the window's end; the event-time one again for each element that arrives within the
/// allowed lateness.
template <bool EventTime>
class end_time_trigger {
public:
  static constexpr bool end_timer_only = true;
  static constexpr bool end_timer_event_time = EventTime;
  static end_time_trigger create() { return {}; }

  template <class T, class W>
  trigger_result on_element(const T&, std::int64_t, const W& w, trigger_context& ctx) const {
    if constexpr (EventTime)
      if (w.max_timestamp() <= ctx.current_watermark())
        return trigger_result::fire; // late element within the allowed lateness
    clock::register_timer(ctx, w.max_timestamp());
    return trigger_result::continue_;
  }
  template <class W>
  trigger_result on_event_time(std::int64_t time, const W& w, trigger_context&) const {
    return EventTime && time == w.max_timestamp() ? trigger_result::fire
                                                  : trigger_result::continue_;
  }
  template <class W>
  trigger_result on_processing_time(std::int64_t, const W&, trigger_context&) const {
    return EventTime ? trigger_result::continue_ : trigger_result::fire;
  }
  template <class W>
  void clear(const W& w, trigger_context& ctx) const {
    clock::delete_timer(ctx, w.max_timestamp());
  }
  [[nodiscard]] bool can_merge() const noexcept { return true; }
  template <class W>
  void on_merge(const W& w, trigger_context& ctx) const {
    // Only a merged window its clock has not passed needs its timer: the timer of one already
    // passed would fire at once although the window is no longer late.
    if (w.max_timestamp() > clock::now(ctx))
      clock::register_timer(ctx, w.max_timestamp());
  }

private:
  using clock = clock_of<EventTime>;
};

} // namespace windowing_detail

/// Fires once when the watermark passes the window's end (Flink's EventTimeTrigger); again for
/// each element that arrives within the allowed lateness.
using event_time_trigger = windowing_detail::end_time_trigger<true>;
/// Fires once when the processing-time clock passes the window's end (Flink's
/// ProcessingTimeTrigger).
using processing_time_trigger = windowing_detail::end_time_trigger<false>;

namespace windowing_detail {

inline state::reducing_state_descriptor<std::int64_t> sum_descriptor(std::string name) {
  return {std::move(name), [](const std::int64_t& a, const std::int64_t& b) { return a + b; }};
}
inline state::reducing_state_descriptor<std::int64_t> min_descriptor(std::string name) {
  return {std::move(name),
          [](const std::int64_t& a, const std::int64_t& b) { return std::min(a, b); }};
}

/// The timer callbacks of a trigger that sets no timers.
struct ignores_timers {
  template <class W>
  trigger_result on_event_time(std::int64_t, const W&, trigger_context&) const {
    return trigger_result::continue_;
  }
  template <class W>
  trigger_result on_processing_time(std::int64_t, const W&, trigger_context&) const {
    return trigger_result::continue_;
  }
};

} // namespace windowing_detail

/// Fires when a window holds `n` elements, then counts from zero (Flink's CountTrigger); the
/// count lives in the window's state.
class count_trigger : public windowing_detail::ignores_timers {
public:
  static count_trigger of(std::int64_t n) {
    if (n <= 0)
      throw weir_exception(error(errc::invalid_configuration,
                                 "count_trigger::of: the count must be positive, got "
                                   + std::to_string(n)));
    return count_trigger(n);
  }

  template <class T, class W>
  trigger_result on_element(const T&, std::int64_t, const W&, trigger_context& ctx) const {
    auto& count = ctx.get_partitioned_state(descriptor_);
    count.add(1);
    if (count.get().value_or(0) >= n_) {
      count.clear();
      return trigger_result::fire;
    }
    return trigger_result::continue_;
  }
  template <class W>
  void clear(const W&, trigger_context& ctx) const {
    ctx.get_partitioned_state(descriptor_).clear();
  }
  [[nodiscard]] bool can_merge() const noexcept { return true; }
  template <class W>
  void on_merge(const W&, trigger_context& ctx) const {
    ctx.merge_partitioned_state(descriptor_);
  }
  [[nodiscard]] std::int64_t count() const noexcept { return n_; }

private:
  explicit count_trigger(std::int64_t n)
    : n_(n), descriptor_(windowing_detail::sum_descriptor("count")) {}
  std::int64_t n_;
  state::reducing_state_descriptor<std::int64_t> descriptor_;
};

namespace windowing_detail {

/// Flink's ContinuousEventTimeTrigger (EventTime) and ContinuousProcessingTimeTrigger: fires
/// every `interval` of its time within a window, the next fire time kept in the window's state
/// ("fire-time"); the event-time one also fires at the window's end (and for late elements).
template <bool EventTime>
class continuous_time_trigger {
public:
  static continuous_time_trigger of(std::chrono::milliseconds interval) {
    if (interval.count() <= 0)
      throw weir_exception(error(errc::invalid_configuration,
                                 std::string(name()) + "::of: the interval must be positive, got "
                                   + std::to_string(interval.count()) + " ms"));
    return continuous_time_trigger(interval.count());
  }

  template <class T, class W>
  trigger_result on_element(const T&, std::int64_t timestamp, const W& w,
                            trigger_context& ctx) const {
    std::int64_t t = timestamp;
    if constexpr (EventTime) {
      if (w.max_timestamp() <= ctx.current_watermark())
        return trigger_result::fire;
      ctx.register_event_time_timer(w.max_timestamp());
    } else {
      t = ctx.current_processing_time();
    }
    auto& next = ctx.get_partitioned_state(descriptor_);
    if (!next.get())
      register_next(t - (t % interval_), w, ctx, next);
    return trigger_result::continue_;
  }
  template <class W>
  trigger_result on_event_time(std::int64_t time, const W& w, trigger_context& ctx) const {
    if constexpr (EventTime) {
      if (time == w.max_timestamp())
        return trigger_result::fire;
      return on_own_timer(time, w, ctx);
    } else {
      return trigger_result::continue_;
    }
  }
  template <class W>
  trigger_result on_processing_time(std::int64_t time, const W& w, trigger_context& ctx) const {
    if constexpr (EventTime)
      return trigger_result::continue_;
    else
      return on_own_timer(time, w, ctx);
  }
  template <class W>
  void clear(const W&, trigger_context& ctx) const {
    auto& next = ctx.get_partitioned_state(descriptor_);
    if (auto at = next.get())
      delete_timer(ctx, *at);
    next.clear();
  }
  [[nodiscard]] bool can_merge() const noexcept { return true; }
  template <class W>
  void on_merge(const W&, trigger_context& ctx) const {
    ctx.merge_partitioned_state(descriptor_);
    if (auto at = ctx.get_partitioned_state(descriptor_).get())
      register_timer(ctx, *at);
  }

private:
  explicit continuous_time_trigger(std::int64_t interval)
    : interval_(interval), descriptor_(min_descriptor("fire-time")) {}
  static const char* name() noexcept {
    return EventTime ? "continuous_event_time_trigger" : "continuous_processing_time_trigger";
  }
  static void register_timer(trigger_context& ctx, std::int64_t t) {
    clock_of<EventTime>::register_timer(ctx, t);
  }
  static void delete_timer(trigger_context& ctx, std::int64_t t) {
    clock_of<EventTime>::delete_timer(ctx, t);
  }
  template <class W>
  trigger_result on_own_timer(std::int64_t time, const W& w, trigger_context& ctx) const {
    auto& next = ctx.get_partitioned_state(descriptor_);
    if (auto at = next.get(); at && *at == time) {
      next.clear();
      register_next(time, w, ctx, next);
      return trigger_result::fire;
    }
    return trigger_result::continue_;
  }
  template <class W, class State>
  void register_next(std::int64_t time, const W& w, trigger_context& ctx, State& next) const {
    const auto at = std::min(time + interval_, w.max_timestamp());
    next.add(at);
    register_timer(ctx, at);
  }
  std::int64_t interval_;
  state::reducing_state_descriptor<std::int64_t> descriptor_;
};

} // namespace windowing_detail

/// Fires every `interval` of event time within a window, and at its end (Flink's
/// ContinuousEventTimeTrigger).
using continuous_event_time_trigger = windowing_detail::continuous_time_trigger<true>;
/// Fires every `interval` of processing time while a window receives elements (Flink's
/// ContinuousProcessingTimeTrigger).
using continuous_processing_time_trigger = windowing_detail::continuous_time_trigger<false>;

/// Turns every fire of `Inner` into fire_and_purge (Flink's PurgingTrigger).
template <class Inner>
class purging_trigger {
public:
  static purging_trigger of(Inner inner) { return purging_trigger(std::move(inner)); }

  template <class T, class W>
  trigger_result on_element(const T& e, std::int64_t ts, const W& w, trigger_context& ctx) {
    return purge(inner_.on_element(e, ts, w, ctx));
  }
  template <class W>
  trigger_result on_event_time(std::int64_t t, const W& w, trigger_context& ctx) {
    return purge(inner_.on_event_time(t, w, ctx));
  }
  template <class W>
  trigger_result on_processing_time(std::int64_t t, const W& w, trigger_context& ctx) {
    return purge(inner_.on_processing_time(t, w, ctx));
  }
  template <class W>
  void clear(const W& w, trigger_context& ctx) {
    inner_.clear(w, ctx);
  }
  [[nodiscard]] bool can_merge() const {
    if constexpr (requires { inner_.can_merge(); })
      return inner_.can_merge();
    else
      return false;
  }
  template <class W>
  void on_merge(const W& w, trigger_context& ctx) {
    if constexpr (requires { inner_.on_merge(w, ctx); })
      inner_.on_merge(w, ctx);
  }
  [[nodiscard]] const Inner& nested() const noexcept { return inner_; }

private:
  explicit purging_trigger(Inner inner) : inner_(std::move(inner)) {}
  static trigger_result purge(trigger_result r) noexcept {
    return fires(r) ? trigger_result::fire_and_purge : r;
  }
  Inner inner_;
};

/// Never fires (Flink's GlobalWindows.NeverTrigger), the default of global_windows.
class never_trigger : public windowing_detail::ignores_timers {
public:
  template <class T, class W>
  trigger_result on_element(const T&, std::int64_t, const W&, trigger_context&) const {
    return trigger_result::continue_;
  }
  template <class W>
  void clear(const W&, trigger_context&) const {}
  [[nodiscard]] bool can_merge() const noexcept { return true; }
  template <class W>
  void on_merge(const W&, trigger_context&) const {}
};

} // namespace weir
