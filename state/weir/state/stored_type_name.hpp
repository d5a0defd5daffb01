#pragma once

#include <string>

#include "weir/detail/type_name.hpp"
#include "weir/state/aggregating_state_descriptor.hpp"
#include "weir/state/list_state_descriptor.hpp"
#include "weir/state/map_state_descriptor.hpp"
#include "weir/state/reducing_state_descriptor.hpp"
#include "weir/state/state_meta.hpp"
#include "weir/state/value_state_descriptor.hpp"

namespace weir::state {

namespace detail {

template <class Descriptor>
struct stored_type;

template <class T>
struct stored_type<value_state_descriptor<T>> {
  static std::string name() { return weir::detail::type_name<T>(); }
};
template <class T>
struct stored_type<list_state_descriptor<T>> {
  static std::string name() { return weir::detail::type_name<T>(); }
};
template <class T>
struct stored_type<reducing_state_descriptor<T>> {
  static std::string name() { return weir::detail::type_name<T>(); }
};
template <class K, class V>
struct stored_type<map_state_descriptor<K, V>> {
  static std::string name() {
    return weir::detail::type_name<K>() + " -> " + weir::detail::type_name<V>();
  }
};
// The accumulator is what is stored; input and output types may change across a restore.
template <class In, class Acc, class Out>
struct stored_type<aggregating_state_descriptor<In, Acc, Out>> {
  static std::string name() { return "accumulator " + weir::detail::type_name<Acc>(); }
};

} // namespace detail

/// The readable name of what a descriptor's state stores, as state_meta::type records it in
/// snapshots; computed once per descriptor type.
template <class Descriptor>
[[nodiscard]] const std::string& stored_type_name() {
  static const std::string name = detail::stored_type<Descriptor>::name();
  return name;
}

/// The state_meta a descriptor declares.
template <class Descriptor>
[[nodiscard]] state_meta meta_of(const Descriptor& d) {
  return state_meta{d.name(), Descriptor::kind, d.ttl().has_value(),
                    stored_type_name<Descriptor>()};
}

} // namespace weir::state
