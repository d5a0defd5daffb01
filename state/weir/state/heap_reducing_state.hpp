#pragma once

#include "weir/state/folding_states.hpp"
#include "weir/state/heap_cell_state.hpp"

namespace weir::state {

/// reducing_state<T> on the heap.
template <class T>
using heap_reducing_state = cell_reducing_state<T, heap_cell_state>;

} // namespace weir::state
