#pragma once

#include <vector>

#include <nlohmann/json.hpp>

#include "weir/job_details.hpp"

namespace weir::rest {

// The REST API's answers, in the shapes of Flink's REST API (field names included), built
// from job_details. Plain functions: the server and its tests call them.

/// `GET /jobs`: {"jobs":[{"id":"...","status":"RUNNING"}]}.
[[nodiscard]] nlohmann::json jobs_json(const std::vector<job_details>& jobs);
/// `GET /jobs/overview`: name, state, times and task counts per job.
[[nodiscard]] nlohmann::json jobs_overview_json(const std::vector<job_details>& jobs);
/// `GET /overview`: the cluster's job counts (jobs-running, jobs-finished, ...).
[[nodiscard]] nlohmann::json overview_json(const std::vector<job_details>& jobs);
/// `GET /jobs/{id}`: the job with its vertices and their aggregated metrics.
[[nodiscard]] nlohmann::json job_json(const job_details& job);
/// `GET /jobs/{id}/vertices/{vid}`: one vertex with a row per subtask.
[[nodiscard]] nlohmann::json vertex_json(const job_details& job, const vertex_details& v);
/// `GET /jobs/{id}/vertices/{vid}/backpressure`: per subtask, the share of time backpressured.
[[nodiscard]] nlohmann::json backpressure_json(const job_details& job, const vertex_details& v);
/// `GET /jobs/{id}/checkpoints`: counts, latest and history.
[[nodiscard]] nlohmann::json checkpoints_json(const job_details& job);
/// `GET /jobs/{id}/exceptions`: the root exception and the history.
[[nodiscard]] nlohmann::json exceptions_json(const job_details& job);
/// `GET /jobs/{id}/plan`: the physical plan (nodes with inputs and ship strategies).
[[nodiscard]] nlohmann::json plan_json(const job_details& job);

/// Flink's level for a backpressured share of time: "ok" (<= 10%), "low" (<= 50%), "high".
[[nodiscard]] const char* backpressure_level(double ratio) noexcept;

} // namespace weir::rest
