#pragma once

// The state layer's half of runtime_context::get_state: creates the keyed state backend of a
// keyed operator instance on first use and hands out typed state from descriptors.

#include <filesystem>
#include <string>

#include "weir/error.hpp"
#include "weir/runtime_context.hpp"
#include "weir/state/keyed_state_backends.hpp"
#include "weir/state/make_keyed_state_backend.hpp"

namespace weir::state::detail {

/// Creates `binding`'s backend if it has none yet; throws weir_exception naming the operator.
void ensure_backend(keyed_state_binding& binding, const runtime_context& ctx);

} // namespace weir::state::detail

namespace weir {

template <class Descriptor>
typename Descriptor::state_type& runtime_context::get_state(const Descriptor& descriptor) const {
  auto* binding = keyed_.get();
  if (binding == nullptr)
    throw weir_exception(error{errc::invalid_plan,
                               "operator '" + task_name_ + "' asked for keyed state '"
                                 + descriptor.name()
                                 + "', but keyed state exists only in functions on a keyed "
                                   "stream; apply the function after key_by()"});
  state::detail::ensure_backend(*binding, *this);
  auto st = binding->backend->get_state(descriptor);
  if (!st)
    throw weir_exception(error{errc::invalid_plan, "operator '" + task_name_ + "': "
                                                     + st.err().to_string()});
  return **st;
}

} // namespace weir
