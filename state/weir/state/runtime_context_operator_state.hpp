#pragma once

// The state layer's half of runtime_context::get_list_state / get_union_list_state:
// creates the operator state backend of an operator instance on first use and hands out
// lists.

#include <string>

#include "weir/error.hpp"
#include "weir/runtime_context.hpp"
#include "weir/state/operator_state_backend.hpp"

namespace weir::state::detail {

/// The operator state backend of the instance `ctx` belongs to, created on first use;
/// throws weir_exception if `ctx` belongs to no operator.
operator_state_backend& operator_backend(const runtime_context& ctx, const std::string& state_name);

/// Throws a weir_exception carrying `err`, of its kind (job_errc).
[[noreturn]] void throw_operator_state_error(const runtime_context& ctx, const error& err);

} // namespace weir::state::detail

namespace weir {

template <class T>
state::list_state<T>&
runtime_context::get_list_state(const state::list_state_descriptor<T>& descriptor) const {
  auto st = state::detail::operator_backend(*this, descriptor.name()).get_list_state(descriptor);
  if (!st)
    state::detail::throw_operator_state_error(*this, st.err());
  return **st;
}

template <class T>
state::list_state<T>&
runtime_context::get_union_list_state(const state::list_state_descriptor<T>& descriptor) const {
  auto st =
    state::detail::operator_backend(*this, descriptor.name()).get_union_list_state(descriptor);
  if (!st)
    state::detail::throw_operator_state_error(*this, st.err());
  return **st;
}

} // namespace weir
