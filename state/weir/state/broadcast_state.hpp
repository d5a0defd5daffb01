#pragma once

#include <utility>

#include "weir/state/read_only_broadcast_state.hpp"

namespace weir::state {

/// A broadcast state with write access (Flink's BroadcastState), as
/// process_broadcast_element of a broadcast process function gets it. Every instance
/// receives every broadcast element, so updating the state only from broadcast elements,
/// deterministically, keeps the copies of all instances equal, which a restore at another
/// parallelism relies on.
template <class K, class V>
class broadcast_state : public read_only_broadcast_state<K, V> {
public:
  using typename read_only_broadcast_state<K, V>::map_type;

  void put(K key, V value) { this->map_.insert_or_assign(std::move(key), std::move(value)); }
  template <class Map>
  void put_all(const Map& entries) {
    for (const auto& [k, v] : entries)
      this->map_.insert_or_assign(k, v);
  }
  void remove(const K& key) { this->map_.erase(key); }
  void clear() { this->map_.clear(); }
  /// All entries, changeable in place (Flink's entries()/iterator() allow removal).
  [[nodiscard]] map_type& entries() noexcept { return this->map_; }
};

} // namespace weir::state
