#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "weir/error.hpp"
#include "weir/flow/task.hpp"
#include "weir/ids.hpp"

namespace weir {

/// One restart of a job: why, and what it resumed from.
struct job_restart {
  error cause;
  /// The checkpoint restored (its id and directory); none: the job started over from
  /// scratch (no checkpoint had completed, or checkpointing is off).
  std::optional<checkpoint_id> restored_checkpoint;
  std::string restored_path;
};

/// What execute() returns (Flink's JobExecutionResult): the job's duration and record counts
/// per operator, or the error that ended it.
class job_execution_result {
public:
  job_execution_result() = default;
  job_execution_result(std::string job_name, std::chrono::nanoseconds duration,
                       std::vector<flow::operator_metrics> operators, std::optional<error> err)
    : job_name_(std::move(job_name)), duration_(duration), operators_(std::move(operators)),
      error_(std::move(err)) {}

  [[nodiscard]] bool ok() const noexcept { return !error_; }
  explicit operator bool() const noexcept { return ok(); }
  /// The error that ended the job; an errc::internal "no error" value when ok().
  [[nodiscard]] const error& err() const {
    static const error none{errc::internal, "no error: the job succeeded"};
    return error_ ? *error_ : none;
  }
  [[nodiscard]] const std::string& job_name() const noexcept { return job_name_; }
  /// Wall time from deployment to the end of the last task.
  [[nodiscard]] std::chrono::nanoseconds net_runtime() const noexcept { return duration_; }
  /// Per operator, summed over its parallel instances.
  [[nodiscard]] const std::vector<flow::operator_metrics>& operators() const noexcept {
    return operators_;
  }
  /// Records that entered (left) the operators named `name`, summed; 0 if none.
  [[nodiscard]] std::uint64_t records_in(std::string_view name) const;
  [[nodiscard]] std::uint64_t records_out(std::string_view name) const;

  /// The restarts of the job, in order.
  [[nodiscard]] const std::vector<job_restart>& restarts() const noexcept { return restarts_; }
  void set_restarts(std::vector<job_restart> r) { restarts_ = std::move(r); }
  /// The checkpoints that completed (savepoints included).
  [[nodiscard]] std::uint64_t completed_checkpoints() const noexcept { return checkpoints_; }
  void set_completed_checkpoints(std::uint64_t n) noexcept { checkpoints_ = n; }
  /// stop_with_savepoint: where the final savepoint is; empty otherwise.
  [[nodiscard]] const std::string& savepoint_path() const noexcept { return savepoint_; }
  void set_savepoint_path(std::string p) { savepoint_ = std::move(p); }

  /// Makes the result a failure (e.g. what a cluster's workers collected did not decode).
  void set_error(error err) { error_ = std::move(err); }

  /// Throws weir_exception if the job failed; for programs that prefer exceptions.
  const job_execution_result& throw_if_failed() const {
    if (error_)
      throw weir_exception(*error_);
    return *this;
  }

private:
  std::string job_name_;
  std::chrono::nanoseconds duration_{0};
  std::vector<flow::operator_metrics> operators_;
  std::optional<error> error_;
  std::vector<job_restart> restarts_;
  std::uint64_t checkpoints_ = 0;
  std::string savepoint_;
};

} // namespace weir
