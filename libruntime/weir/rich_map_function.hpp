#pragma once

#include "weir/runtime_context.hpp"

namespace weir {

/// A map function as a class (Flink's RichMapFunction): `map` turns each record into one, and
/// `open` / `close` run before the first and after the last record of each parallel instance,
/// which gets its own copy. Pass an object to `map`, on any stream; on a keyed stream `open`
/// may declare keyed state through ctx.get_state.
template <class In, class Out>
class rich_map_function {
public:
  using input_type = In;
  using output_type = Out;
  virtual ~rich_map_function() = default;
  virtual void open(const runtime_context&) {}
  virtual Out map(const In& value) = 0;
  virtual void close() {}
};

} // namespace weir
