#pragma once

#include "weir/base_broadcast_context.hpp"

namespace weir {

/// Context of process_element in a broadcast process function (Flink's ReadOnlyContext):
/// the broadcast state is read-only on the data side, because only broadcast elements,
/// which every instance sees, may change it.
class read_only_broadcast_context : public base_broadcast_context {
public:
  using base_broadcast_context::base_broadcast_context;

  /// The broadcast state `descriptor` names; it must be one given to broadcast(...).
  /// Throws a weir_exception naming the state otherwise. Defined by the state layer
  /// (weir/state/broadcast_context_state.hpp, included by weir/weir.hpp).
  template <class K, class V>
  const state::read_only_broadcast_state<K, V>&
  get_broadcast_state(const state::map_state_descriptor<K, V>& descriptor) const;
};

} // namespace weir
