#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <variant>

#include "weir/checkpoint/checkpoint_metadata.hpp"
#include "weir/error.hpp"
#include "weir/ids.hpp"

namespace weir::flow {

class operator_base;

/// The state layer's half of checkpointing, as a task calls it: snapshots one operator
/// instance (its keyed and operator state backends, and what its snapshot_state writes) and
/// restores one before open(). Implemented in state/ (state::backend_persistence) and handed
/// to tasks through task_settings, so that the core does not depend on the backends. Called
/// on the task's thread; the writers it returns run on any thread.
class state_persistence {
public:
  /// Writes an operator's files and says where they are, or fails.
  using part_writer = std::function<std::variant<checkpoint::subtask_state, error>()>;

  virtual ~state_persistence() = default;

  /// Synchronous part of checkpoint `id` of `op`, into `checkpoint_dir / relative_dir`: asks
  /// the operator for what it keeps outside its backends and freezes the backends. Returns the
  /// asynchronous part, or an empty function when the operator has no state at all. Throws
  /// weir_exception on failure (a key or value without a codec, a backend error).
  [[nodiscard]] virtual part_writer snapshot(operator_base& op, checkpoint_id id,
                                             const std::filesystem::path& checkpoint_dir,
                                             const std::string& relative_dir) const = 0;

  /// Before `op` opens: points its backends at the snapshot parts of all former instances
  /// (they restore their share when created) and calls op.initialize_state with what
  /// snapshot_state wrote. `snapshot` null = nothing to restore (initialize_state still runs).
  virtual void restore(operator_base& op, const std::filesystem::path& checkpoint_dir,
                       const checkpoint::operator_snapshot* snapshot) const = 0;
};

} // namespace weir::flow
