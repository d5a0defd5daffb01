#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "weir/flow/task_sample.hpp"
#include "weir/job_status.hpp"

namespace weir {

/// One checkpoint or savepoint in a job's history (Flink's checkpoint statistics).
struct checkpoint_summary {
  std::uint64_t id = 0;
  bool savepoint = false;
  /// "IN_PROGRESS", "COMPLETED" or "FAILED", as Flink's REST API says.
  std::string status = "IN_PROGRESS";
  std::int64_t trigger_timestamp = 0; ///< ms since the epoch
  std::int64_t end_timestamp = 0;     ///< ms since the epoch; 0 while in progress
  std::uint64_t state_size = 0;       ///< bytes written, once completed
  std::string external_path;          ///< its directory, once completed
  std::string failure_message;
  [[nodiscard]] std::int64_t duration_ms() const noexcept {
    return end_timestamp == 0 ? 0 : end_timestamp - trigger_timestamp;
  }
};

/// Counts and recent history of a job's checkpoints (the checkpoint stats tracker's view).
struct checkpoint_statistics {
  std::uint64_t completed = 0;
  std::uint64_t failed = 0;
  std::uint64_t in_progress = 0;
  /// Restores from a checkpoint or savepoint (at start and at restarts).
  std::uint64_t restored = 0;
  /// Newest first, at most `history_size`.
  std::vector<checkpoint_summary> history;
  static constexpr std::size_t history_size = 20;
};

/// A failure the job saw: one that restarted it, or the one that ended it.
struct job_exception {
  std::int64_t timestamp = 0; ///< ms since the epoch
  std::string message;        ///< names the operator, subtask and cause
  std::string kind;           ///< the weir::errc's name, e.g. "user_function_failed"
  bool restarted = false;     ///< the job restarted after it
};

/// One operator chain (job vertex) of a running or ended job, with its subtasks' metrics.
struct vertex_details {
  int id = 0;
  std::string name; ///< "Source: readings -> Map", as Flink's web UI names chains
  int parallelism = 1;
  int max_parallelism = 128;
  std::vector<std::string> operators; ///< chained operators, upstream first
  struct input {
    int vertex = 0;
    std::string ship_strategy; ///< the partitioner: "FORWARD", "HASH", "REBALANCE", ...
  };
  std::vector<input> inputs;
  /// One per subtask, by subtask index; a subtask that did not answer is `finished` with the
  /// counts it reported when it ended (or zeros).
  std::vector<flow::task_sample> subtasks;

  /// Records that entered (left) the chain's first (last) operator, over all subtasks.
  [[nodiscard]] std::uint64_t records_in() const noexcept;
  [[nodiscard]] std::uint64_t records_out() const noexcept;
};

/// What a job is doing right now, for operators (the REST API, the CLI, metrics reporters):
/// Flink's job details. Made on request by the job's executor; plain data.
struct job_details {
  std::string id; ///< 32 hex digits, as Flink's JobID
  std::string name;
  job_status status = job_status::running;
  std::int64_t start_time = 0; ///< ms since the epoch
  std::int64_t end_time = 0;   ///< ms since the epoch; 0 while it runs
  std::int64_t now = 0;        ///< when these details were made, ms since the epoch
  std::uint32_t restarts = 0;
  std::vector<vertex_details> vertices; ///< upstream first
  checkpoint_statistics checkpoints;
  std::vector<job_exception> exceptions; ///< oldest first, at most 100
  /// The job's state lives here (heap or rocksdb), for the plan view.
  std::string state_backend;

  /// end_time (or now) - start_time, in ms.
  [[nodiscard]] std::int64_t duration_ms() const noexcept {
    return (end_time != 0 ? end_time : now) - start_time;
  }
  [[nodiscard]] const vertex_details* vertex(int id) const noexcept;
};

} // namespace weir
