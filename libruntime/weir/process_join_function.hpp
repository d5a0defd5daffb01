#pragma once

#include "weir/collector.hpp"
#include "weir/process_join_context.hpp"
#include "weir/runtime_context.hpp"

namespace weir {

/// The function of an interval join (Flink's ProcessJoinFunction): called once per pair of a
/// left element (`In1`, of the stream interval_join was called on) and a right element (`In2`)
/// with equal keys whose timestamps fall within the join's bounds, with a context giving both
/// timestamps and side outputs. Records it emits carry the pair's timestamp (the larger of
/// the two). Keyed state declared in `open` through ctx.get_state is scoped to the pair's
/// key. Each parallel instance gets its own copy; its thread is that instance's task's. Pass
/// it to interval_joined::process.
template <class In1, class In2, class Out>
class process_join_function {
public:
  using first_input_type = In1;
  using second_input_type = In2;
  using output_type = Out;
  using context = process_join_context;
  virtual ~process_join_function() = default;
  virtual void open(const runtime_context&) {}
  virtual void process_element(const In1& left, const In2& right, context& ctx,
                               collector<Out>& out) = 0;
  virtual void close() {}
};

} // namespace weir
