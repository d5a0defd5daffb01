#pragma once

#include <optional>
#include <utility>
#include <vector>

#include "weir/state/keyed_state.hpp"

namespace weir::state {

/// A map per key (Flink's MapState). With TTL, each entry expires on its own. Iteration
/// order is unspecified (hash order on the heap, encoded-key order in RocksDB).
template <class K, class V>
class map_state : public keyed_state {
public:
  [[nodiscard]] virtual std::optional<V> get(const K& key) = 0;
  virtual void put(K key, V value) = 0;
  virtual void remove(const K& key) = 0;
  [[nodiscard]] virtual bool contains(const K& key) = 0;
  /// All live entries of the current key.
  [[nodiscard]] virtual std::vector<std::pair<K, V>> entries() = 0;

  [[nodiscard]] std::vector<K> keys() {
    std::vector<K> out;
    for (auto& e : entries())
      out.push_back(std::move(e.first));
    return out;
  }
  [[nodiscard]] std::vector<V> values() {
    std::vector<V> out;
    for (auto& e : entries())
      out.push_back(std::move(e.second));
    return out;
  }
  [[nodiscard]] bool is_empty() { return entries().empty(); }
};

} // namespace weir::state
