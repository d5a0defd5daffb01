#pragma once

#include "weir/state/folding_states.hpp"
#include "weir/state/rocksdb_state.hpp"

namespace weir::state {

/// aggregating_state<In, Out> on RocksDB, storing the encoded accumulator.
template <class In, class Acc, class Out>
using rocksdb_aggregating_state = cell_aggregating_state<In, Acc, Out, rocksdb_cell_state>;

} // namespace weir::state
