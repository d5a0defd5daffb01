#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "weir/metrics/metric_sample.hpp"

namespace weir::flow {

/// One operator instance's metrics when its task was sampled.
struct operator_sample {
  std::int32_t node_id = 0;
  std::string name;
  std::uint64_t records_in = 0;
  std::uint64_t records_out = 0;
  /// What its functions registered through runtime_context::metric_group().
  std::vector<metrics::metric_sample> user;
};

/// A running task's metrics, sampled on its own thread between two messages (the task actor
/// answers sample requests at high priority) so that nothing on the record path is shared.
/// Plain data: it crosses processes in a cluster.
struct task_sample {
  std::int32_t vertex = 0;
  std::int32_t subtask = 0;
  std::uint32_t attempt = 0;
  std::vector<operator_sample> operators; ///< upstream first, as chained
  /// Batches the task sent downstream.
  std::uint64_t batches_out = 0;
  /// Time since the task opened, split as task_time_meter does (0 with metrics off).
  std::uint64_t busy_ns = 0;
  std::uint64_t idle_ns = 0;
  std::uint64_t backpressured_ns = 0;
  /// An output is waiting for credit right now.
  bool backpressured = false;
  /// The task's event-time clock (min over its inputs) and the last watermark it sent, in ms;
  /// INT64_MIN: none yet.
  std::int64_t input_watermark = std::numeric_limits<std::int64_t>::min();
  std::int64_t output_watermark = std::numeric_limits<std::int64_t>::min();
  /// The task ended its streams (finished) or stopped.
  bool finished = false;
};

} // namespace weir::flow
