#pragma once

#include <memory>
#include <string>
#include <vector>

namespace weir::state {
class operator_state_backend;
} // namespace weir::state

namespace weir {

/// The operator (non-keyed) state of one operator instance, as its functions reach it
/// through runtime_context::get_list_state / get_union_list_state and broadcast contexts.
/// Every operator gets one; the backend is created by the state layer on first use, so
/// operators without operator state pay nothing. Lives as long as the operator; task
/// thread only.
struct operator_state_binding {
  std::shared_ptr<state::operator_state_backend> backend; ///< null until first use
  /// Snapshot directories of every former instance when the job restores a checkpoint: the
  /// backend takes its share of them when it is created.
  std::vector<std::string> restore_directories;
};

} // namespace weir
