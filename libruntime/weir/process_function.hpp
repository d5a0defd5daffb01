#pragma once

#include "weir/collector.hpp"
#include "weir/process_context.hpp"
#include "weir/runtime_context.hpp"

namespace weir {

/// A user process function (Flink's ProcessFunction): sees every record with a context that
/// emits side outputs. Subclass it, or pass a lambda
/// `void(const In&, process_context&, collector<Out>&)` to `data_stream::process`.
template <class In, class Out>
class process_function {
public:
  using input_type = In;
  using output_type = Out;
  virtual ~process_function() = default;
  virtual void open(const runtime_context&) {}
  virtual void process_element(const In& value, process_context& ctx, collector<Out>& out) = 0;
  virtual void close() {}
};

} // namespace weir
