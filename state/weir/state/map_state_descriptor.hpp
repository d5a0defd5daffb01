#pragma once

#include "weir/state/map_state.hpp"
#include "weir/state/state_descriptor.hpp"
#include "weir/state/state_kind.hpp"

namespace weir::state {

/// Declares a map_state<K, V>. K and V need a weir::codec; K also weir::key_hash (std::hash by
/// default) and ==, since the heap backend keeps a hash map per key.
template <class K, class V>
class map_state_descriptor : public state_descriptor {
public:
  using state_type = map_state<K, V>;
  static constexpr state_kind kind = state_kind::map;
  using state_descriptor::state_descriptor;
};

} // namespace weir::state
