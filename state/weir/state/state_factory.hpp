#pragma once

// Included at the end of keyed_state_backend.hpp: instantiates a descriptor's state for the
// backend's kind. Kept apart so the typed states need only key_context.

#include "weir/state/heap_aggregating_state.hpp"
#include "weir/state/heap_list_state.hpp"
#include "weir/state/heap_map_state.hpp"
#include "weir/state/heap_reducing_state.hpp"
#include "weir/state/heap_value_state.hpp"
#include "weir/state/keyed_state_backend.hpp"
#include "weir/state/rocksdb_aggregating_state.hpp"
#include "weir/state/rocksdb_list_state.hpp"
#include "weir/state/rocksdb_map_state.hpp"
#include "weir/state/rocksdb_reducing_state.hpp"
#include "weir/state/rocksdb_value_state.hpp"

namespace weir::state::detail {

// The column family of a state in a RocksDB backend (rocksdb_keyed_state_backend::column);
// a function so this header needs no rocksdb_keyed_state_backend.hpp, which includes it.
result<rocksdb_column*> rocksdb_column_of(keyed_state_backend& backend, const state_meta& meta);

template <class Descriptor>
struct state_types;

template <class T>
struct state_types<value_state_descriptor<T>> {
  using heap = heap_value_state<T>;
  using rocksdb = rocksdb_value_state<T>;
};
template <class T>
struct state_types<list_state_descriptor<T>> {
  using heap = heap_list_state<T>;
  using rocksdb = rocksdb_list_state<T>;
};
template <class K, class V>
struct state_types<map_state_descriptor<K, V>> {
  using heap = heap_map_state<K, V>;
  using rocksdb = rocksdb_map_state<K, V>;
};
template <class T>
struct state_types<reducing_state_descriptor<T>> {
  using heap = heap_reducing_state<T>;
  using rocksdb = rocksdb_reducing_state<T>;
};
template <class In, class Acc, class Out>
struct state_types<aggregating_state_descriptor<In, Acc, Out>> {
  using heap = heap_aggregating_state<In, Acc, Out>;
  using rocksdb = rocksdb_aggregating_state<In, Acc, Out>;
};

template <class Descriptor>
result<std::unique_ptr<internal_state>> make_state(keyed_state_backend& backend,
                                                   const Descriptor& descriptor) {
  using types = state_types<Descriptor>;
  if (backend.kind() == backend_kind::heap)
    return std::unique_ptr<internal_state>(
      std::make_unique<typename types::heap>(backend, descriptor));
  auto column = rocksdb_column_of(backend, meta_of(descriptor));
  if (!column)
    return column.err();
  return std::unique_ptr<internal_state>(
    std::make_unique<typename types::rocksdb>(backend, descriptor, **column));
}

} // namespace weir::state::detail
