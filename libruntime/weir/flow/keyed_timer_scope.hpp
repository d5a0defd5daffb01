#pragma once

#include <concepts>
#include <string>

#include "weir/collector.hpp"
#include "weir/error.hpp"
#include "weir/flow/internal_timer_service.hpp"
#include "weir/flow/keyed_state_scope.hpp"
#include "weir/flow/processing_time_service.hpp"
#include "weir/flow/record_batch.hpp"
#include "weir/on_timer_context.hpp"
#include "weir/timer_service.hpp"

namespace weir::flow {

/// The timers of one keyed operator instance, as its functions reach them: owns the
/// internal_timer_service and is the `timer_service` of the operator's context, scoped to the
/// context's current key (the record's in process_element, the timer's in on_timer). `fire`
/// runs a function's on_timer with the timer's key current in the keyed state and the
/// context; `flush` ends a round of them. A key type without operator== has no timers
/// (timer_service() says so). Used on the task's thread only; `ctx` outlives it.
template <class K>
class keyed_timer_scope final : public weir::timer_service {
public:
  static constexpr bool supported = std::equality_comparable<K>;

  keyed_timer_scope(const runtime_context& rc, on_timer_context<K>& ctx,
                    typename internal_timer_service<K>::triggerable& target)
    : ctx_(&ctx), timers_(rc.max_number_of_parallel_subtasks(), target) {
    if constexpr (supported)
      ctx.set_timer_service(this);
  }

  /// In the operator's open(): processing-time timers go through the task's service.
  void bind(processing_time_service* service) {
    if (service != nullptr)
      timers_.bind(*service);
  }

  /// The operator's process_watermark: fires the due event-time timers.
  void advance_watermark(event_time w) {
    if constexpr (supported)
      timers_.advance_watermark(w);
  }

  /// Runs `f.on_timer(t, ctx, out)` (if F has one) for the timer (key, t) of `domain`, with
  /// key current in `state` and the context; what it appends to `out` takes the timer's time
  /// as timestamp for an event-time timer and none for a processing-time one, so `out` holds
  /// the records of one round of one domain (aligned as for_each_propagating_timestamps says).
  template <class F, class Out>
  void fire(F& f, keyed_state_scope<K>& state, const K& key, event_time t, time_domain domain,
            record_batch<Out>& out) {
    state.set_current_key(key);
    ctx_->set_current_key(&key);
    ctx_->set_timer(t, domain);
    collector<Out> c{out.records};
    if constexpr (requires { f.on_timer(t, *ctx_, c); })
      f.on_timer(t, *ctx_, c);
    if (domain == time_domain::event_time)
      out.timestamps.resize(out.records.size(), t.value());
    ctx_->set_current_key(nullptr);
    ctx_->clear_timestamp();
  }

  /// Ends a round of timers (the operator's after_timers): no key stays current, `emit(out)`
  /// sends the round's records as one batch, then the context's side outputs are flushed.
  template <class Out, class Emit>
  void flush(keyed_state_scope<K>& state, record_batch<Out>& out, Emit&& emit) {
    state.clear_current_key();
    emit(out);
    out.clear();
    ctx_->flush_side_outputs();
  }

  [[nodiscard]] internal_timer_service<K>& timers() noexcept { return timers_; }

  /// The operator's snapshot_state / initialize_state: timers are part "timers".
  void snapshot(state_snapshot_context& ctx) const {
    if constexpr (supported)
      timers_.snapshot(ctx, "timers");
  }
  void restore(state_initialization_context& ctx) {
    if constexpr (supported)
      timers_.restore(ctx, "timers");
  }

  // -- weir::timer_service, for the context's current key ------------------------------------
  [[nodiscard]] event_time current_watermark() const override {
    return timers_.current_watermark();
  }
  [[nodiscard]] millis current_processing_time() const override {
    return timers_.current_processing_time();
  }
  using weir::timer_service::delete_event_time_timer;
  using weir::timer_service::delete_processing_time_timer;
  using weir::timer_service::register_event_time_timer;
  using weir::timer_service::register_processing_time_timer;
  void register_event_time_timer(event_time t) override {
    if constexpr (supported)
      timers_.register_event_time_timer(current_key("register_event_time_timer"), t);
  }
  void delete_event_time_timer(event_time t) override {
    if constexpr (supported)
      timers_.delete_event_time_timer(current_key("delete_event_time_timer"), t);
  }
  void register_processing_time_timer(millis t) override {
    if constexpr (supported)
      timers_.register_processing_time_timer(current_key("register_processing_time_timer"), t);
  }
  void delete_processing_time_timer(millis t) override {
    if constexpr (supported)
      timers_.delete_processing_time_timer(current_key("delete_processing_time_timer"), t);
  }

private:
  const K& current_key(const char* what) const {
    if (!supported)
      throw weir_exception(error(errc::invalid_plan, "timers need a key type with operator=="));
    if (!ctx_->has_current_key())
      throw weir_exception(error(errc::invalid_plan,
                                 std::string("timer_service().") + what
                                   + " needs a current key: call it from process_element or "
                                     "on_timer"));
    return ctx_->get_current_key();
  }

  on_timer_context<K>* ctx_;
  internal_timer_service<K> timers_;
};

} // namespace weir::flow
