#pragma once

#include <memory>

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
};

} // namespace weir
