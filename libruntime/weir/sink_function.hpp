#pragma once

#include "weir/runtime_context.hpp"

namespace weir {

/// A user sink (Flink's SinkFunction). Each parallel instance gets its own copy of the object.
/// `invoke` runs once per record on the task's thread; `finish` once at the end of a bounded
/// input, before `close`.
template <class T>
class sink_function {
public:
  using value_type = T;
  virtual ~sink_function() = default;
  virtual void open(const runtime_context&) {}
  virtual void invoke(const T& value) = 0;
  virtual void finish() {}
  virtual void close() {}
};

} // namespace weir
