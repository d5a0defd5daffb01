#pragma once

#include "weir/collector.hpp"
#include "weir/process_context.hpp"
#include "weir/runtime_context.hpp"

namespace weir {

/// A process function of connected streams (Flink's CoProcessFunction): `process_element1`
/// sees the records of the first input, `process_element2` those of the second, each with a
/// context that emits side outputs (read with get_side_output). One object per parallel
/// instance serves both inputs. On keyed connected streams it may also use keyed state
/// (keyed_co_process_function adds the current key). Pass it to `process`.
template <class In1, class In2, class Out>
class co_process_function {
public:
  using first_input_type = In1;
  using second_input_type = In2;
  using output_type = Out;
  using context = process_context;
  virtual ~co_process_function() = default;
  virtual void open(const runtime_context&) {}
  virtual void process_element1(const In1& value, context& ctx, collector<Out>& out) = 0;
  virtual void process_element2(const In2& value, context& ctx, collector<Out>& out) = 0;
  virtual void close() {}
};

} // namespace weir
