#pragma once

#include "weir/collector.hpp"
#include "weir/keyed_context.hpp"
#include "weir/runtime_context.hpp"

namespace weir {

/// A process function on a keyed stream (Flink's KeyedProcessFunction): sees every record with
/// its key and may keep keyed state, declared in open() through ctx.get_state(descriptor).
/// Subclass it, or pass a lambda `void(const In&, keyed_context<K>&, collector<Out>&)` to
/// keyed_stream::process.
template <class K, class In, class Out>
class keyed_process_function {
public:
  using key_type = K;
  using input_type = In;
  using output_type = Out;
  virtual ~keyed_process_function() = default;
  virtual void open(const runtime_context&) {}
  virtual void process_element(const In& value, keyed_context<K>& ctx, collector<Out>& out) = 0;
  virtual void close() {}
};

} // namespace weir
