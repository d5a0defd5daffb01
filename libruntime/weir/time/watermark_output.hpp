#pragma once

#include "weir/ids.hpp"

namespace weir {

/// What a watermark generator emits into (Flink's WatermarkOutput): watermarks, and the
/// idle/active status of the stream. Emitting a watermark also marks an idle stream active.
/// Implemented by the runtime (the timestamp assigner operator) and by
/// recording_watermark_output in tests. Touched only by the owning task's thread.
class watermark_output {
public:
  virtual ~watermark_output() = default;

  /// Event time on this stream has reached `t`: no record with a timestamp <= t follows.
  virtual void emit_watermark(event_time t) = 0;
  /// Downstream need not wait for watermarks from this stream until it is active again.
  virtual void mark_idle() = 0;
  /// Downstream waits for this stream's watermarks again.
  virtual void mark_active() = 0;
};

} // namespace weir
