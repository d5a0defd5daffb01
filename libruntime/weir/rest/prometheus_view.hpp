#pragma once

#include <string>
#include <vector>

#include "weir/job_details.hpp"

namespace weir::rest {

/// `GET /metrics`: every job's metrics in Prometheus' text format, names prefixed `weir_`:
/// per job (`weir_job_uptime_seconds`, `weir_job_restarts_total`, checkpoint counts, duration
/// and size), per operator instance (`weir_operator_records_in_total{job,job_id,operator,
/// subtask}`, `..._out_total`), per task (batches, busy/idle/backpressured seconds, input
/// watermark and its lag behind processing time) and what user functions registered
/// (`weir_user_<name>`, summaries for histograms). Counts of a subtask are its current
/// attempt's (a restart starts them over, as a new task attempt does in Flink); the job's
/// counters go on across restarts.
[[nodiscard]] std::string prometheus_text(const std::vector<job_details>& jobs);

} // namespace weir::rest
