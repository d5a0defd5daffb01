#pragma once

#include "weir/collector.hpp"
#include "weir/ids.hpp"
#include "weir/keyed_context.hpp"
#include "weir/on_timer_context.hpp"
#include "weir/runtime_context.hpp"

namespace weir {

/// A process function of two connected keyed streams (Flink's KeyedCoProcessFunction): each
/// record, from either input, is processed with its key current, so keyed state declared in
/// `open` through ctx.get_state is shared by both inputs per key (both inputs are partitioned
/// by key group, so equal keys meet in one instance). The context gives the current key and
/// side outputs and the timers of the current key (`ctx.timer_service()`), which fire in
/// `on_timer` with their key current (the book's ReadingFilter switches a sensor off with one).
/// Pass it to `process` on keyed connected streams.
template <class K, class In1, class In2, class Out>
class keyed_co_process_function {
public:
  using key_type = K;
  using first_input_type = In1;
  using second_input_type = In2;
  using output_type = Out;
  using context = keyed_context<K>;
  using on_timer_context = weir::on_timer_context<K>;
  virtual ~keyed_co_process_function() = default;
  virtual void open(const runtime_context&) {}
  virtual void process_element1(const In1& value, context& ctx, collector<Out>& out) = 0;
  virtual void process_element2(const In2& value, context& ctx, collector<Out>& out) = 0;
  /// A timer registered through ctx.timer_service() fired (Flink's onTimer); records emitted
  /// from an event-time timer carry its time.
  virtual void on_timer(event_time /*timestamp*/, on_timer_context& /*ctx*/,
                        collector<Out>& /*out*/) {}
  virtual void close() {}
};

} // namespace weir
