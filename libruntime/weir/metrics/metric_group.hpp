#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "weir/metrics/counter.hpp"
#include "weir/metrics/histogram.hpp"
#include "weir/metrics/metric_sample.hpp"

namespace weir::metrics {

/// The metrics a user function registers for its operator instance (Flink's MetricGroup),
/// from `runtime_context::metric_group()`, usually in open():
///
///     rejected_ = &ctx.metric_group().counter("rejected");
///     ctx.metric_group().gauge("queue_length", [this] { return double(queue_.size()); });
///     latency_ = &ctx.metric_group().histogram("lookup_ns");
///
/// They appear in the REST API (`/jobs/{id}/vertices/{vid}`), on `/metrics` as
/// `weir_user_<name>{job,operator,subtask}` and in `weir metrics JOB`. The references stay
/// valid for the lifetime of the task. Used by the task's thread only; gauges are called on it
/// when the runtime samples metrics.
class metric_group {
public:
  /// The counter called `name`, created on first use. Names: letters, digits and '_'.
  /// Throws a weir_exception if `name` is not such a name or is a gauge or histogram already.
  metrics::counter& counter(const std::string& name);
  /// Registers (or replaces) gauge `name`, which returns the current value when called.
  void gauge(const std::string& name, std::function<double()> value);
  /// The histogram called `name`, created on first use.
  metrics::histogram& histogram(const std::string& name);

  /// Every metric's current value, in registration order.
  [[nodiscard]] std::vector<metric_sample> sample() const;
  [[nodiscard]] bool empty() const noexcept { return entries_.empty(); }

private:
  struct entry {
    std::string name;
    metric_kind kind = metric_kind::counter;
    std::unique_ptr<metrics::counter> count;
    std::function<double()> read;
    std::unique_ptr<metrics::histogram> hist;
  };
  entry* find(const std::string& name, metric_kind kind);

  std::vector<entry> entries_;
};

} // namespace weir::metrics
