#pragma once

#include "weir/ids.hpp"

namespace weir {

/// What a checkpointed_function learns when it snapshots (Flink's FunctionSnapshotContext):
/// which checkpoint it is part of. Valid only during the snapshot_state call.
class function_snapshot_context {
public:
  explicit function_snapshot_context(weir::checkpoint_id id) noexcept : id_(id) {}

  /// The checkpoint being taken; ids rise within a job, across restarts too.
  [[nodiscard]] weir::checkpoint_id checkpoint_id() const noexcept { return id_; }

private:
  weir::checkpoint_id id_;
};

} // namespace weir
