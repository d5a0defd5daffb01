#pragma once

#include <cstddef>
#include <optional>
#include <unordered_map>

#include "weir/key_hash.hpp"

namespace weir::state {

/// The view of a broadcast state that process_element of a broadcast process function
/// gets (Flink's ReadOnlyBroadcastState): every parallel instance holds its own copy of
/// the map, changed only by process_broadcast_element, so reading it on the data side is
/// safe. A heap map, no virtual calls; lives as long as the operator; used on the task's
/// thread.
template <class K, class V>
class read_only_broadcast_state {
public:
  using map_type = std::unordered_map<K, V, key_hasher<K>>;

  /// The value of `key`, copied; nullopt if absent.
  [[nodiscard]] std::optional<V> get(const K& key) const {
    auto it = map_.find(key);
    if (it == map_.end())
      return std::nullopt;
    return it->second;
  }
  /// The value of `key` without a copy; null if absent. Valid until the state changes.
  [[nodiscard]] const V* find(const K& key) const {
    auto it = map_.find(key);
    return it == map_.end() ? nullptr : &it->second;
  }
  [[nodiscard]] bool contains(const K& key) const { return map_.contains(key); }
  /// All entries, read-only (Flink's immutableEntries()); iteration order is unspecified.
  [[nodiscard]] const map_type& immutable_entries() const noexcept { return map_; }
  [[nodiscard]] std::size_t size() const noexcept { return map_.size(); }
  [[nodiscard]] bool is_empty() const noexcept { return map_.empty(); }

protected:
  map_type map_;
};

} // namespace weir::state
