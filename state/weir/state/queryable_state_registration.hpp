#pragma once

// The state layer's half of queryable state: when runtime_context::get_state hands out a
// state whose descriptor is queryable, it registers a reader of that state in the task's
// queryable_state_table. The reader runs on the task's thread (the task actor answers queries
// between messages), makes the queried key current, reads the state as a user function
// would, and puts the previous current key back.

#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "weir/codec/codecs.hpp"
#include "weir/detail/type_name.hpp"
#include "weir/error.hpp"
#include "weir/flow/queryable_state_table.hpp"
#include "weir/keyed_state_binding.hpp"
#include "weir/runtime_context.hpp"
#include "weir/state/keyed_state_backend.hpp"

namespace weir::state::detail {

/// What a query of each kind of state answers, and under which value types.
template <class Descriptor>
struct queryable_view;

template <class T>
struct queryable_view<value_state_descriptor<T>> {
  static std::vector<std::string> value_types() { return {weir::detail::type_name<T>()}; }
  static bool read(value_state<T>& s, std::string& out) {
    auto v = s.value();
    if (!v)
      return false;
    encode(*v, out);
    return true;
  }
};

template <class T>
struct queryable_view<reducing_state_descriptor<T>> {
  static std::vector<std::string> value_types() { return {weir::detail::type_name<T>()}; }
  static bool read(reducing_state<T>& s, std::string& out) {
    auto v = s.get();
    if (!v)
      return false;
    encode(*v, out);
    return true;
  }
};

template <class In, class Acc, class Out>
struct queryable_view<aggregating_state_descriptor<In, Acc, Out>> {
  static std::vector<std::string> value_types() { return {weir::detail::type_name<Out>()}; }
  static bool read(aggregating_state<In, Out>& s, std::string& out) {
    auto v = s.get();
    if (!v)
      return false;
    encode(*v, out);
    return true;
  }
};

// An empty list or map is no value: the state holds nothing for the key.
template <class T>
struct queryable_view<list_state_descriptor<T>> {
  static std::vector<std::string> value_types() {
    return {weir::detail::type_name<std::vector<T>>()};
  }
  static bool read(list_state<T>& s, std::string& out) {
    auto v = s.get();
    if (v.empty())
      return false;
    encode(v, out);
    return true;
  }
};

// The entries encode as a vector of pairs, which is byte for byte how a std::map or a
// std::unordered_map encodes: a client may decode them as any of the three.
template <class K, class V>
struct queryable_view<map_state_descriptor<K, V>> {
  static std::vector<std::string> value_types() {
    return {weir::detail::type_name<std::vector<std::pair<K, V>>>(),
            weir::detail::type_name<std::map<K, V>>(),
            weir::detail::type_name<std::unordered_map<K, V>>()};
  }
  static bool read(map_state<K, V>& s, std::string& out) {
    auto v = s.entries();
    if (v.empty())
      return false;
    encode(v, out);
    return true;
  }
};

/// Puts the backend's current key back when the query is answered, so that a query between
/// two records (or inside a keyed broadcast element) leaves the keyed context as it was.
class current_key_guard {
public:
  explicit current_key_guard(keyed_state_backend& backend)
    : backend_(backend), had_key_(backend.has_current_key()),
      group_(backend.current_key_group()), key_(had_key_ ? backend.current_key() : "") {}
  ~current_key_guard() {
    if (had_key_)
      (void) backend_.set_current_key(group_, key_);
    else
      backend_.clear_current_key();
  }
  current_key_guard(const current_key_guard&) = delete;
  current_key_guard& operator=(const current_key_guard&) = delete;

private:
  keyed_state_backend& backend_;
  bool had_key_;
  flow::key_group group_;
  std::string key_;
};

/// Registers `state` (declared by `descriptor`) in the task's queryable table, once per
/// operator instance; throws weir_exception(invalid_plan) if another operator of the task
/// registered the name. A no-op outside a task.
template <class Descriptor>
void register_queryable(const runtime_context& ctx, keyed_state_binding& binding,
                        const Descriptor& descriptor,
                        typename Descriptor::state_type& state) {
  auto* table = ctx.queryable_states();
  if (table == nullptr || table->contains(descriptor.queryable_name(), &binding))
    return;
  flow::queryable_state_entry e;
  e.name = descriptor.queryable_name();
  e.state_name = descriptor.name();
  e.operator_name = ctx.task_name();
  e.owner = &binding;
  e.types.key_type = weir::detail::demangle(binding.key_type.c_str());
  e.types.value_types = queryable_view<Descriptor>::value_types();
  e.max_parallelism = binding.max_parallelism;
  e.parallelism = ctx.number_of_parallel_subtasks();
  e.key_groups = binding.key_groups;
  e.read = [backend = binding.backend, s = &state](flow::key_group group, std::string_view key,
                                                   std::string& out) {
    current_key_guard guard{*backend};
    if (auto r = backend->set_current_key(group, key); !r)
      throw weir_exception(weir::error{weir::errc::internal, r.err().to_string()});
    return queryable_view<Descriptor>::read(*s, out);
  };
  if (auto err = table->add(std::move(e)))
    throw weir_exception(std::move(*err));
}

} // namespace weir::state::detail
