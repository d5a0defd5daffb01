#pragma once

#include "weir/state/folding_states.hpp"
#include "weir/state/heap_cell_state.hpp"

namespace weir::state {

/// aggregating_state<In, Out> on the heap, keeping the accumulator.
template <class In, class Acc, class Out>
using heap_aggregating_state = cell_aggregating_state<In, Acc, Out, heap_cell_state>;

} // namespace weir::state
