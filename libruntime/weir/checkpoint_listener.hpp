#pragma once

#include <cstdint>
#include <limits>

#include "weir/ids.hpp"

namespace weir {

/// The id of the final checkpoint: the notification that follows the end of every task of a
/// job whose operator commits at job end (operator_base::commits_at_job_end). It is past
/// every real checkpoint id, so "commit everything up to it" commits everything.
inline constexpr checkpoint_id final_checkpoint_id{std::numeric_limits<std::uint64_t>::max()};

/// A user function that hears when checkpoints complete (Flink's CheckpointListener), as a
/// two-phase-commit sink must to commit. Derive a source or sink function from it as well.
/// Called on the task's thread, between records; a notification may arrive late or not at all
/// (a failure right after the checkpoint completed), so acting on it must be idempotent and
/// a checkpoint's notification stands for every earlier one. After the end of a job whose
/// operator commits at job end, notify_checkpoint_complete comes once more with
/// final_checkpoint_id.
class checkpoint_listener {
public:
  virtual ~checkpoint_listener() = default;
  /// Every task acknowledged checkpoint `id`: it is durable and will be restored after a failure.
  virtual void notify_checkpoint_complete(checkpoint_id id) = 0;
  /// Checkpoint `id` will not complete (declined, timed out, subsumed).
  virtual void notify_checkpoint_aborted(checkpoint_id id) {}
};

} // namespace weir
