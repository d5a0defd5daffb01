#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "weir/error.hpp"
#include "weir/flow/task.hpp"
#include "weir/job_status.hpp"

namespace weir::flow {

/// The job master's bookkeeping of one execution, without any actor around it: which tasks
/// still run, the job's status and the error that ended it. The job is terminal only when
/// every task has *stopped* (its actor is gone, so none of its user code runs any more), not
/// when the first one failed or the client cancelled: wait() returns on that, which is what
/// restarts and callers that free what a sink uses rely on.
///
/// The first failure wins: later failures (often consequences of the first) and failures
/// while cancelling are not the job's error. Used on the job master's thread only.
class job_lifecycle {
public:
  /// What the master must do after an event.
  enum class action {
    none,
    cancel_tasks, ///< send cancel to every task still running (once per execution)
  };

  /// `task_names[i]` names task i in logs and overdue reports, e.g. "Map (2/4)".
  explicit job_lifecycle(std::vector<std::string> task_names);

  /// Task i ended its streams and will stop.
  void task_finished(std::size_t task, const std::vector<operator_metrics>& metrics);
  /// Task i failed with `err` and will stop.
  [[nodiscard]] action task_failed(std::size_t task, error err);
  /// The job fails for a reason outside any task (a checkpoint failed too often).
  [[nodiscard]] action fail(error err) { return begin_ending(job_status::failing, std::move(err)); }
  /// The client asked to cancel.
  [[nodiscard]] action cancel_requested();
  /// Task i's actor is gone. `reason` is empty for a normal exit; a task that stops without
  /// having reported (crashed, killed) fails the job.
  [[nodiscard]] action task_stopped(std::size_t task, const std::string& reason,
                                    errc code = errc::internal);

  [[nodiscard]] job_status status() const noexcept { return status_; }
  [[nodiscard]] bool terminal() const noexcept { return is_terminal(status_); }
  /// The error that ended the job (failed or canceled); nullopt when finished or running.
  [[nodiscard]] const std::optional<error>& err() const noexcept { return error_; }
  /// Per operator, summed over the instances that finished.
  [[nodiscard]] std::vector<operator_metrics> metrics() const;
  /// Names of the tasks that have not stopped yet.
  [[nodiscard]] std::vector<std::string> running_tasks() const;
  [[nodiscard]] std::size_t running_count() const noexcept { return running_; }

private:
  enum class task_state { running, reported, stopped };
  [[nodiscard]] action begin_ending(job_status ending, error err);
  void settle();

  std::vector<std::string> names_;
  std::vector<task_state> tasks_;
  std::size_t running_ = 0; ///< tasks not stopped
  job_status status_ = job_status::running;
  std::optional<error> error_;
  std::vector<operator_metrics> metrics_; ///< by first appearance of each node id
};

} // namespace weir::flow
