#pragma once

#include "weir/state/list_state.hpp"
#include "weir/state/state_descriptor.hpp"
#include "weir/state/state_kind.hpp"

namespace weir::state {

/// Declares a list_state<T>. T needs a weir::codec and must be copyable.
template <class T>
class list_state_descriptor : public state_descriptor {
public:
  using state_type = list_state<T>;
  static constexpr state_kind kind = state_kind::list;
  using state_descriptor::state_descriptor;
};

} // namespace weir::state
