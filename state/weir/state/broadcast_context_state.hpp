#pragma once

// The state layer's half of the broadcast contexts' get_broadcast_state: checks the state
// was declared by broadcast(...) and hands it out of the instance's operator state
// backend. Also re-exports the broadcast state types into namespace weir.

#include <typeinfo>

#include "weir/broadcast_context.hpp"
#include "weir/read_only_broadcast_context.hpp"
#include "weir/state/operator_state_backend.hpp"
#include "weir/state/runtime_context_operator_state.hpp"

namespace weir::state::detail {

template <class K, class V>
broadcast_state<K, V>& broadcast_state_of(const base_broadcast_context& ctx,
                                          const map_state_descriptor<K, V>& descriptor) {
  const auto& rc = ctx.runtime();
  if (auto problem = ctx.declared_states().check(descriptor.name(), typeid(descriptor)))
    throw weir_exception(
      weir::error{weir::errc::invalid_plan, "operator '" + rc.task_name() + "': " + *problem});
  auto st = operator_backend(rc, descriptor.name()).get_broadcast_state(descriptor);
  if (!st)
    throw_operator_state_error(rc, st.err());
  return **st;
}

} // namespace weir::state::detail

namespace weir {

template <class K, class V>
const state::read_only_broadcast_state<K, V>& read_only_broadcast_context::get_broadcast_state(
  const state::map_state_descriptor<K, V>& descriptor) const {
  return state::detail::broadcast_state_of(*this, descriptor);
}

template <class K, class V>
state::broadcast_state<K, V>&
broadcast_context::get_broadcast_state(const state::map_state_descriptor<K, V>& descriptor) const {
  return state::detail::broadcast_state_of(*this, descriptor);
}

using state::broadcast_state;
using state::read_only_broadcast_state;

} // namespace weir
