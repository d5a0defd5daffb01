#include "weir/rest/prometheus_view.hpp"

#include <limits>

#include "weir/metrics/prometheus_writer.hpp"

namespace weir::rest {

std::string prometheus_text(const std::vector<job_details>& jobs) {
  metrics::prometheus_writer w;
  using labels = std::vector<metrics::label>;
  for (const auto& j : jobs) {
    labels job{{"job", j.name}, {"job_id", j.id}};
    w.gauge("weir_job_running", "1 while the job runs (RUNNING, FAILING or CANCELLING), 0 after",
            job, is_terminal(j.status) ? 0 : 1);
    w.gauge("weir_job_uptime_seconds", "Time since the job started, or its duration once ended",
            job, static_cast<double>(j.duration_ms()) / 1e3);
    w.counter("weir_job_restarts_total", "Restarts of the job", job, j.restarts);
    w.counter("weir_job_checkpoints_completed_total", "Completed checkpoints and savepoints", job,
              static_cast<double>(j.checkpoints.completed));
    w.counter("weir_job_checkpoints_failed_total", "Failed checkpoints and savepoints", job,
              static_cast<double>(j.checkpoints.failed));
    for (const auto& c : j.checkpoints.history)
      if (c.status == "COMPLETED") {
        w.gauge("weir_job_last_checkpoint_duration_seconds",
                "Trigger to completion of the latest completed checkpoint", job,
                static_cast<double>(c.duration_ms()) / 1e3);
        w.gauge("weir_job_last_checkpoint_size_bytes", "Bytes the latest completed checkpoint wrote",
                job, static_cast<double>(c.state_size));
        break;
      }
    for (const auto& v : j.vertices)
      for (const auto& s : v.subtasks) {
        auto subtask = std::to_string(s.subtask);
        labels task = job;
        task.emplace_back("task", v.name);
        task.emplace_back("subtask", subtask);
        w.counter("weir_task_batches_out_total", "Batches the task sent downstream", task,
                  static_cast<double>(s.batches_out));
        w.counter("weir_task_busy_seconds_total", "Time the task spent handling messages", task,
                  static_cast<double>(s.busy_ns) / 1e9);
        w.counter("weir_task_idle_seconds_total", "Time the task waited for input", task,
                  static_cast<double>(s.idle_ns) / 1e9);
        w.counter("weir_task_backpressured_seconds_total",
                  "Time the task waited for credit on an output", task,
                  static_cast<double>(s.backpressured_ns) / 1e9);
        if (s.input_watermark != std::numeric_limits<std::int64_t>::min()
            && s.input_watermark != std::numeric_limits<std::int64_t>::max()) {
          w.gauge("weir_task_input_watermark_ms", "The task's event-time clock, ms since the epoch",
                  task, static_cast<double>(s.input_watermark));
          w.gauge("weir_task_watermark_lag_ms",
                  "Processing time minus the task's event-time clock", task,
                  static_cast<double>(j.now - s.input_watermark));
        }
        for (const auto& op : s.operators) {
          labels ol = job;
          ol.emplace_back("operator", op.name);
          ol.emplace_back("subtask", subtask);
          w.counter("weir_operator_records_in_total", "Records that entered the operator", ol,
                    static_cast<double>(op.records_in));
          w.counter("weir_operator_records_out_total", "Records the operator emitted", ol,
                    static_cast<double>(op.records_out));
          for (const auto& m : op.user) {
            auto name = "weir_user_" + metrics::prometheus_writer::sanitize(m.name);
            switch (m.kind) {
              case metrics::metric_kind::counter:
                w.counter(name + "_total", "User counter " + m.name, ol, m.value);
                break;
              case metrics::metric_kind::gauge:
                w.gauge(name, "User gauge " + m.name, ol, m.value);
                break;
              case metrics::metric_kind::histogram:
                w.summary(name, "User histogram " + m.name, ol, m.statistics);
                break;
            }
          }
        }
      }
  }
  return w.str();
}

} // namespace weir::rest
