#pragma once

#include "weir/state/state_descriptor.hpp"
#include "weir/state/state_kind.hpp"
#include "weir/state/value_state.hpp"

namespace weir::state {

/// Declares a value_state<T>. T needs a weir::codec (snapshots, RocksDB) and must be copyable.
template <class T>
class value_state_descriptor : public state_descriptor {
public:
  using state_type = value_state<T>;
  static constexpr state_kind kind = state_kind::value;
  using state_descriptor::state_descriptor;
};

} // namespace weir::state
