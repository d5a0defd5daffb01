#pragma once

namespace weir {

/// Where a job is in its lifecycle (Flink's JobStatus). A job is `running` until its tasks
/// finish, one fails or its client cancels it; `failing` and `cancelling` last until every
/// task has stopped (no user code runs any more), then it is `failed`, `canceled` or
/// `finished`: the three terminal states.
enum class job_status {
  running,
  failing,
  cancelling,
  failed,
  canceled,
  finished,
};

/// Flink's upper-case name, e.g. "RUNNING", "CANCELLING".
[[nodiscard]] constexpr const char* to_string(job_status s) noexcept {
  switch (s) {
    case job_status::running: return "RUNNING";
    case job_status::failing: return "FAILING";
    case job_status::cancelling: return "CANCELLING";
    case job_status::failed: return "FAILED";
    case job_status::canceled: return "CANCELED";
    case job_status::finished: return "FINISHED";
  }
  return "UNKNOWN";
}

/// True for failed, canceled and finished.
[[nodiscard]] constexpr bool is_terminal(job_status s) noexcept {
  return s == job_status::failed || s == job_status::canceled || s == job_status::finished;
}

} // namespace weir
