#pragma once

#include "weir/collector.hpp"
#include "weir/runtime_context.hpp"

namespace weir {

/// A flat_map as a class (Flink's RichFlatMapFunction): `flat_map` emits zero or more records
/// per record; `open` / `close` as in rich_map_function. Pass an object to `flat_map`.
template <class In, class Out>
class rich_flat_map_function {
public:
  using input_type = In;
  using output_type = Out;
  virtual ~rich_flat_map_function() = default;
  virtual void open(const runtime_context&) {}
  virtual void flat_map(const In& value, collector<Out>& out) = 0;
  virtual void close() {}
};

} // namespace weir
