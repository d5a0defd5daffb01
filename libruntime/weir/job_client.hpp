#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <variant>

#include "weir/flow/state_query.hpp"
#include "weir/job_details.hpp"
#include "weir/job_execution_result.hpp"

namespace weir {

class queryable_state_client;

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
    virtual std::variant<std::string, error> trigger_savepoint(std::string directory,
                                                               bool stop) = 0;
    /// Answers `query` with the encoded value, or an error (queryable_state_client).
    /// Executors that cannot reach the job's tasks answer job_not_running.
    virtual std::variant<std::string, error> query_state(const flow::state_query& query,
                                                         std::chrono::milliseconds timeout) {
      (void) query;
      (void) timeout;
      return error{errc::job_not_running,
                   "this job's executor does not serve queryable state (only the embedded "
                   "mini cluster does so far)"};
    }
    /// The job's id (32 hex digits), known from the start.
    [[nodiscard]] virtual std::string job_id() const { return {}; }
    /// What the job is doing now: status, times, per-subtask metrics, checkpoints, failures.
    virtual std::variant<job_details, error> details(std::chrono::milliseconds timeout) {
      (void) timeout;
      return error{errc::job_not_running, "this job's executor does not report job details"};
    }
  };

  explicit job_client(std::shared_ptr<job_handle> handle) : handle_(std::move(handle)) {}

  /// A client of a job that failed before it started.
  static job_client failed(std::string job_name, error err);

  /// Asks every task to stop; wait() then reports errc::cancelled.
  void cancel() { handle_->cancel(); }
  /// Takes a savepoint into a new directory under `directory` (Flink's
  /// JobClient::triggerSavepoint) and returns its path, or the error that prevented it (the
  /// job is not running, a task declined, it timed out). The job keeps running. Blocks.
  [[nodiscard]] std::variant<std::string, error> trigger_savepoint(std::string directory) {
    return handle_->trigger_savepoint(std::move(directory), false);
  }
  /// Takes a savepoint, then stops the job (Flink's stopWithSavepoint); wait() then returns a
  /// successful result whose savepoint_path() is it. Returns the savepoint's path.
  [[nodiscard]] std::variant<std::string, error> stop_with_savepoint(std::string directory) {
    return handle_->trigger_savepoint(std::move(directory), true);
  }
  /// A client for this job's queryable state (defined in weir/queryable_state_client.hpp):
  /// `job.queryable_state().get<K, V>("name", key)`.
  [[nodiscard]] queryable_state_client queryable_state() const;
  /// The raw form of a query, in bytes: what queryable_state_client sends. Blocks for at most
  /// `timeout`.
  [[nodiscard]] std::variant<std::string, error> query_state(const flow::state_query& query,
                                                             std::chrono::milliseconds timeout) const {
    return handle_->query_state(query, timeout);
  }
  /// The job's id: 32 hex digits, as Flink's JobID (what the REST API and `weir` CLI name).
  [[nodiscard]] std::string job_id() const { return handle_->job_id(); }
  /// The job's status, times, vertices with per-subtask metrics (records in and out, busy,
  /// idle and backpressured time, watermarks, user metrics), checkpoint history and failures
  /// (what `GET /jobs/{id}` shows). Live while it runs: every task is asked between two of its
  /// messages; after the end, the final picture. Blocks for at most `timeout`.
  [[nodiscard]] std::variant<job_details, error> details(
    std::chrono::milliseconds timeout = std::chrono::milliseconds{2000}) const {
    return handle_->details(timeout);
  }
  /// The handle behind this client (executors and the REST server share it).
  [[nodiscard]] const std::shared_ptr<job_handle>& handle() const noexcept { return handle_; }
  /// Blocks until the job ended and returns its result; may be called more than once.
  job_execution_result wait() { return handle_->wait(); }

private:
  std::shared_ptr<job_handle> handle_;
};

} // namespace weir
