#pragma once

namespace weir {

/// Which clock a timer follows (Flink's TimeDomain): event time fires when the watermark
/// passes the timer, processing time when the task's injected clock reaches it.
enum class time_domain {
  event_time,
  processing_time,
};

} // namespace weir
