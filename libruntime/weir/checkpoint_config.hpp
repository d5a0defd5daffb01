#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "weir/error.hpp"

namespace weir {

/// What a checkpoint guarantees (Flink's CheckpointingMode).
enum class checkpointing_mode {
  /// Tasks with several inputs align barriers: each record is in the state of exactly one
  /// checkpoint, so a restore reprocesses nothing twice.
  exactly_once,
  /// Barriers are not aligned: a restore may reprocess records that arrived on a fast channel
  /// before the checkpoint, but nothing is lost and nothing waits.
  at_least_once,
};

/// "exactly_once" / "at_least_once".
[[nodiscard]] const char* to_string(checkpointing_mode mode) noexcept;

/// Checkpointing of one job (Flink's CheckpointConfig). Off until enable_checkpointing() sets
/// an interval. Every duration is in milliseconds; `validate()` names a field out of range.
struct checkpoint_config {
  /// Time between the triggers of two periodic checkpoints. 0 = checkpointing off. Default: 0.
  /// Range: at least 0.
  std::chrono::milliseconds interval{0};
  checkpointing_mode mode = checkpointing_mode::exactly_once;
  /// Parent of `<job id>/chk-<n>/`. Empty = `<system temp dir>/weir-checkpoints`.
  std::string directory;
  /// A checkpoint not complete this long after its trigger is aborted and its files removed.
  /// Default: 10 min (Flink's). Range 1 ms..24 h.
  std::chrono::milliseconds timeout{600'000};
  /// Least time between the completion of one checkpoint and the trigger of the next periodic
  /// one. Default: 0. Range 0..24 h.
  std::chrono::milliseconds min_pause{0};
  /// Periodic checkpoints in flight at once (savepoints do not count). Default: 1. Range 1..16.
  int max_concurrent = 1;
  /// Periodic checkpoints that may fail (declined, timed out, not written) in a row; the next
  /// failure fails the job, which then restarts or not by its restart strategy. Savepoints
  /// never count. Default: 0 (Flink's: the first failed checkpoint fails the job).
  /// Range 0..1000000.
  int tolerable_failed = 0;
  /// Completed checkpoints kept on disk; older ones are deleted (savepoints never are).
  /// Default: 1. Range 1..1000.
  int retained = 1;
  /// Keep the retained checkpoints when the job is cancelled (Flink's
  /// ExternalizedCheckpointCleanup.RETAIN_ON_CANCELLATION). Default: false (deleted).
  bool retain_on_cancellation = false;
  /// Barriers overtake in-flight batches (Flink's unaligned checkpoints); needs exactly_once.
  /// Default: false.
  bool unaligned = false;

  [[nodiscard]] bool enabled() const noexcept { return interval.count() > 0; }
  /// Checks every field; the error names the field and the accepted range.
  [[nodiscard]] std::optional<error> validate() const;
};

} // namespace weir
