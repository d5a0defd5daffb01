#pragma once

#include "weir/collector.hpp"
#include "weir/ids.hpp"
#include "weir/keyed_context.hpp"
#include "weir/on_timer_context.hpp"
#include "weir/runtime_context.hpp"

namespace weir {

/// A process function on a keyed stream (Flink's KeyedProcessFunction): sees every record with
/// its key and may keep keyed state, declared in open() through ctx.get_state(descriptor).
/// Timers: `ctx.timer_service()` registers event- and processing-time timers of the current
/// key; each fires once in `on_timer`, with its key current (its keyed state too), its time
/// and domain in the context. Subclass it, or pass a lambda `void(const In&, keyed_context<K>&,
/// collector<Out>&)` to keyed_stream::process (a lambda has no on_timer: its timers fire into
/// nothing).
template <class K, class In, class Out>
class keyed_process_function {
public:
  using key_type = K;
  using input_type = In;
  using output_type = Out;
  using on_timer_context = weir::on_timer_context<K>;
  virtual ~keyed_process_function() = default;
  virtual void open(const runtime_context&) {}
  virtual void process_element(const In& value, keyed_context<K>& ctx, collector<Out>& out) = 0;
  /// A timer registered through ctx.timer_service() fired (Flink's onTimer). `timestamp` is
  /// its time (= ctx.timestamp()); records emitted from an event-time timer carry it.
  virtual void on_timer(event_time /*timestamp*/, on_timer_context& /*ctx*/,
                        collector<Out>& /*out*/) {}
  virtual void close() {}
};

} // namespace weir
