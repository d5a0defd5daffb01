#pragma once

// The state layer's half of runtime_context::get_state: creates the keyed state backend of a
// keyed operator instance on first use and hands out typed state from descriptors.

#include <filesystem>
#include <string>

#include "weir/error.hpp"
#include "weir/runtime_context.hpp"
#include "weir/state/keyed_state_backends.hpp"
#include "weir/state/make_keyed_state_backend.hpp"
#include "weir/state/queryable_state_registration.hpp"

namespace weir::state::detail {

/// Creates `binding`'s backend if it has none yet; throws weir_exception of kind invalid_plan
/// (a key without a codec), io_error (the state directory) or state_error (RocksDB).
void ensure_backend(keyed_state_binding& binding, const runtime_context& ctx);

/// Throws the weir_exception of keyed state asked for outside a keyed stream (invalid_plan).
[[noreturn]] void throw_not_keyed(const std::string& state_name);

/// Throws `err` from get_state as a weir_exception of its kind (job_errc).
[[noreturn]] void throw_state_error(const error& err);

} // namespace weir::state::detail

namespace weir {

template <class Descriptor>
typename Descriptor::state_type& runtime_context::get_state(const Descriptor& descriptor) const {
  // The operator's failure names the operator and subtask: messages here do not repeat them.
  auto* binding = keyed_.get();
  if (binding == nullptr)
    state::detail::throw_not_keyed(descriptor.name());
  state::detail::ensure_backend(*binding, *this);
  if (binding->before_access != nullptr)
    binding->before_access(binding->before_access_arg);
  auto st = binding->backend->get_state(descriptor);
  if (!st)
    state::detail::throw_state_error(st.err());
  if (descriptor.is_queryable())
    state::detail::register_queryable(*this, *binding, descriptor, **st);
  return **st;
}

} // namespace weir
