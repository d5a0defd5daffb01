#pragma once

#include "weir/runtime_context.hpp"

namespace weir {

/// A filter as a class (Flink's RichFilterFunction): keeps the records for which `filter`
/// returns true; `open` / `close` as in rich_map_function. Pass an object to `filter`.
template <class T>
class rich_filter_function {
public:
  using input_type = T;
  using output_type = T;
  virtual ~rich_filter_function() = default;
  virtual void open(const runtime_context&) {}
  virtual bool filter(const T& value) = 0;
  virtual void close() {}
};

} // namespace weir
