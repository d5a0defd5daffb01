#pragma once

#include "weir/state/folding_states.hpp"
#include "weir/state/rocksdb_state.hpp"

namespace weir::state {

/// reducing_state<T> on RocksDB (read, reduce, write).
template <class T>
using rocksdb_reducing_state = cell_reducing_state<T, rocksdb_cell_state>;

} // namespace weir::state
