#pragma once

#include <string>
#include <utility>
#include <vector>

#include "weir/state/map_state.hpp"
#include "weir/state/map_state_descriptor.hpp"
#include "weir/state/rocksdb_state.hpp"

namespace weir::state {

/// map_state<K, V> on RocksDB: one RocksDB entry per map entry, keyed by the prefixed state
/// key followed by the encoded K; entries() is a prefix scan.
template <class K, class V>
class rocksdb_map_state final : public rocksdb_state<map_state<K, V>> {
public:
  rocksdb_map_state(const key_context& ctx, const map_state_descriptor<K, V>& d,
                    rocksdb_column& column)
    : rocksdb_state<map_state<K, V>>(ctx, d, column) {}

  std::optional<V> get(const K& user_key) override {
    return this->template read_at<V>(entry_key(user_key), false);
  }

  void put(K user_key, V value) override {
    this->store_at(entry_key(user_key), value, this->ttl_.enabled ? this->key_.now_ms() : 0);
  }

  void remove(const K& user_key) override { this->column_.remove(entry_key(user_key)); }

  bool contains(const K& user_key) override { return get(user_key).has_value(); }

  std::vector<std::pair<K, V>> entries() override {
    const auto& prefix = this->key_.bytes();
    std::vector<std::pair<K, V>> out;
    std::vector<std::string> expired;
    std::vector<std::pair<std::string, V>> touched;
    auto now = this->ttl_.enabled ? this->key_.now_ms() : 0;
    this->column_.for_each(prefix, [&](std::string_view k, std::string_view v) {
      auto user_key = decode<K>(k.substr(prefix.size()));
      if (!user_key)
        throw this->decode_failure(user_key.error());
      V value{};
      std::int64_t ts = 0;
      this->decode_value(v, value, ts);
      if (this->ttl_.expired(ts, now)) {
        expired.emplace_back(k);
        if (!this->ttl_.return_expired)
          return true;
      } else if (this->ttl_.enabled && this->ttl_.update_on_read) {
        touched.emplace_back(std::string{k}, value);
      }
      out.emplace_back(std::move(*user_key), std::move(value));
      return true;
    });
    for (const auto& k : expired)
      this->column_.remove(k);
    for (const auto& [k, v] : touched)
      this->store_at(k, v, now);
    return out;
  }

  void clear() override { this->column_.remove_prefix(this->key_.bytes()); }

private:
  const std::string& entry_key(const K& user_key) {
    entry_.assign(this->key_.bytes());
    weir::encode(user_key, entry_);
    return entry_;
  }

  std::string entry_;
};

} // namespace weir::state
