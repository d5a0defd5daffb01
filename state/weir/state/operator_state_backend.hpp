#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <typeindex>
#include <vector>

#include "weir/state/broadcast_state.hpp"
#include "weir/state/internal_operator_state.hpp"
#include "weir/state/list_state_descriptor.hpp"
#include "weir/state/map_state_descriptor.hpp"
#include "weir/state/operator_broadcast_state.hpp"
#include "weir/state/operator_list_state.hpp"
#include "weir/state/operator_snapshot_job.hpp"
#include "weir/state/operator_state_mode.hpp"
#include "weir/state/result.hpp"
#include "weir/state/stored_type_name.hpp"

namespace weir::state {

/// The operator (non-keyed) state of one parallel operator instance (Flink's
/// OperatorStateStore, DefaultOperatorStateBackend): named lists and broadcast maps, on
/// the heap, scoped to the instance rather than to a key.
///
/// An operator creates one on first use; runtime_context::get_list_state and broadcast
/// contexts reach it. It snapshots to a directory, and restores from the snapshots of all
/// instances of an earlier run at any parallelism, redistributing each state by its mode
/// (operator_state_repartitioner). Only the task's thread uses it; a snapshot job may run
/// elsewhere.
class operator_state_backend {
public:
  /// The backend of instance `subtask_index` of `parallelism`: what restore repartitions
  /// for.
  explicit operator_state_backend(int subtask_index = 0, int parallelism = 1)
    : index_(subtask_index), parallelism_(parallelism) {}
  operator_state_backend(const operator_state_backend&) = delete;
  operator_state_backend& operator=(const operator_state_backend&) = delete;

  /// A list redistributed by even split on restore (Flink's getListState). Created on
  /// first use (or from restored elements); the pointer lives as long as the backend.
  /// Fails if the name was declared with another type or mode, or with a time to live.
  template <class T>
  result<list_state<T>*> get_list_state(const list_state_descriptor<T>& d) {
    return as<list_state<T>>(
      get_or_create<operator_list_state<T>>(d, operator_state_mode::split_distribute));
  }

  /// A list that every instance gets whole on restore (Flink's getUnionListState).
  template <class T>
  result<list_state<T>*> get_union_list_state(const list_state_descriptor<T>& d) {
    return as<list_state<T>>(
      get_or_create<operator_list_state<T>>(d, operator_state_mode::union_distribute));
  }

  /// The broadcast state `d` names (Flink's getBroadcastState).
  template <class K, class V>
  result<broadcast_state<K, V>*> get_broadcast_state(const map_state_descriptor<K, V>& d) {
    return as<broadcast_state<K, V>>(
      get_or_create<operator_broadcast_state<K, V>>(d, operator_state_mode::broadcast));
  }

  /// Names of the states declared so far, and of restored ones not yet declared.
  [[nodiscard]] std::vector<std::string> state_names() const;

  /// Synchronous part of a snapshot into `directory` (created if missing): encodes every
  /// state; run the returned job to write the file. Restored states nobody declared yet
  /// are kept in it.
  [[nodiscard]] operator_snapshot_job snapshot_sync(std::filesystem::path directory) const;

  /// Restores from the snapshot directories of all instances of an earlier run (any
  /// order, any parallelism): this instance gets its share of each state by the state's
  /// mode. Call it on a fresh backend, before declaring states; states are filled when
  /// declared.
  result<void> restore(const std::vector<std::filesystem::path>& directories);

private:
  struct registered_state {
    std::string name;
    operator_state_mode mode;
    std::type_index type;
    const std::string* type_name; ///< stored_type_name of its descriptor, for messages
    std::unique_ptr<internal_operator_state> impl;
  };

  template <class Handle, class Impl>
  static result<Handle*> as(result<Impl*> r) {
    if (!r)
      return r.err();
    return static_cast<Handle*>(*r);
  }

  template <class Impl, class Descriptor>
  result<Impl*> get_or_create(const Descriptor& d, operator_state_mode mode) {
    const auto& type_name = stored_type_name<Descriptor>();
    auto found = find(d.name(), mode, typeid(Impl), type_name, d.ttl().has_value());
    if (!found)
      return found.err();
    if (*found != nullptr)
      return static_cast<Impl*>(*found);
    auto impl = std::make_unique<Impl>(d.name());
    auto* raw = impl.get();
    if (auto added = add(d.name(), mode, typeid(Impl), type_name, std::move(impl)); !added)
      return added.err();
    return raw;
  }

  result<internal_operator_state*> find(const std::string& name, operator_state_mode mode,
                                        std::type_index type, const std::string& type_name,
                                        bool has_ttl);
  result<void> add(const std::string& name, operator_state_mode mode, std::type_index type,
                   const std::string& type_name, std::unique_ptr<internal_operator_state> impl);

  int index_;
  int parallelism_;
  std::vector<registered_state> states_;
  /// Restored states not declared yet, already repartitioned for this instance.
  std::vector<operator_state_image::state> pending_;
};

} // namespace weir::state
