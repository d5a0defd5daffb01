#pragma once

#include <memory>

#include "weir/job_execution_result.hpp"

namespace weir {

/// Handle of a running job (Flink's JobClient), returned by execute_async. Thread-safe.
/// Dropping the client without wait() cancels the job and waits for its tasks to stop.
class job_client {
public:
  /// What an executor provides for one running job.
  class job_handle {
  public:
    virtual ~job_handle() = default;
    virtual void cancel() = 0;
    virtual job_execution_result wait() = 0;
  };

  explicit job_client(std::shared_ptr<job_handle> handle) : handle_(std::move(handle)) {}

  /// A client of a job that failed before it started.
  static job_client failed(std::string job_name, error err);

  /// Asks every task to stop; wait() then reports errc::cancelled.
  void cancel() { handle_->cancel(); }
  /// Blocks until the job ended and returns its result; may be called more than once.
  job_execution_result wait() { return handle_->wait(); }

private:
  std::shared_ptr<job_handle> handle_;
};

} // namespace weir
