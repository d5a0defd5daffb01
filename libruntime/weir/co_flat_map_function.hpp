#pragma once

#include "weir/collector.hpp"
#include "weir/runtime_context.hpp"

namespace weir {

/// Like co_map_function, emitting zero or more records per record (Flink's
/// RichCoFlatMapFunction): `flat_map1` for the first input, `flat_map2` for the second, one
/// object per parallel instance shared by both. Pass it to `co_flat_map`.
template <class In1, class In2, class Out>
class co_flat_map_function {
public:
  using first_input_type = In1;
  using second_input_type = In2;
  using output_type = Out;
  virtual ~co_flat_map_function() = default;
  virtual void open(const runtime_context&) {}
  virtual void flat_map1(const In1& value, collector<Out>& out) = 0;
  virtual void flat_map2(const In2& value, collector<Out>& out) = 0;
  virtual void close() {}
};

} // namespace weir
