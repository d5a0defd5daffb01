#pragma once

#include "weir/runtime_context.hpp"

namespace weir {

/// The function of connected streams as a class (Flink's RichCoMapFunction): `map1` maps the
/// records of the first input, `map2` those of the second, to one output type. One object per
/// parallel instance serves both inputs, so its members are shared by them (e.g. a switch the
/// second input flips for the first); on keyed connected streams both sides also share keyed
/// state, declared in `open` through ctx.get_state. Pass it to `co_map`.
template <class In1, class In2, class Out>
class co_map_function {
public:
  using first_input_type = In1;
  using second_input_type = In2;
  using output_type = Out;
  virtual ~co_map_function() = default;
  virtual void open(const runtime_context&) {}
  virtual Out map1(const In1& value) = 0;
  virtual Out map2(const In2& value) = 0;
  virtual void close() {}
};

} // namespace weir
