#pragma once

#include <cstddef>

#include "weir/collector.hpp"
#include "weir/runtime_context.hpp"

namespace weir {

/// What a poll of a source reported.
enum class source_status {
  more_available,    ///< poll again soon
  nothing_available, ///< an unbounded source has nothing now; poll again after a short pause
  end_of_input,      ///< a bounded source is done; the task ends its streams
};

/// A user source (Flink's SourceFunction, turned into polls so that no source holds a
/// scheduler thread). Each parallel instance gets its own copy of the object; `open` tells
/// it which instance it is so that it can take its share. Called from one task's thread.
template <class T>
class source_function {
public:
  using value_type = T;
  virtual ~source_function() = default;
  virtual void open(const runtime_context&) {}
  /// Emits at most `max_records` records into `out` and says whether more will come.
  /// Must not block for long: read in bounded chunks.
  virtual source_status poll(collector<T>& out, std::size_t max_records) = 0;
  /// The job was cancelled: stop producing. Called instead of further polls.
  virtual void cancel() {}
  virtual void close() {}
};

} // namespace weir
