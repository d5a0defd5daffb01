#pragma once

#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "weir/key_hash.hpp"
#include "weir/state/current_state_key.hpp"
#include "weir/state/frozen_heap_table.hpp"
#include "weir/state/heap_state.hpp"
#include "weir/state/heap_state_table.hpp"
#include "weir/state/map_state.hpp"
#include "weir/state/map_state_descriptor.hpp"
#include "weir/state/state_key.hpp"
#include "weir/state/ttl_policy.hpp"

namespace weir::state {

/// map_state<K, V> on the heap: an unordered_map<K, ttl_cell<V>> per key; TTL per entry. In
/// snapshots each entry is one record keyed by the state key followed by the encoded K.
template <class K, class V>
class heap_map_state final : public map_state<K, V>, public heap_state {
public:
  using cell = ttl_cell<V>;
  using user_map = std::unordered_map<K, cell, key_hasher<K>>;
  using table_type = heap_state_table<user_map>;

  heap_map_state(const key_context& ctx, const map_state_descriptor<K, V>& d)
    : key_(ctx, d.name(), false), ttl_(ttl_policy::from(d.ttl())), table_(ctx.key_groups()) {}

  std::optional<V> get(const K& user_key) override {
    const auto& k = key_.bytes();
    auto group = key_.group();
    auto* m = find(group, k);
    if (m == nullptr)
      return std::nullopt;
    auto it = m->find(user_key);
    if (it == m->end())
      return std::nullopt;
    if (!ttl_.enabled)
      return it->second.value;
    auto now = key_.now_ms();
    if (ttl_.expired(it->second.ts, now)) {
      std::optional<V> out;
      if (ttl_.return_expired)
        out = it->second.value;
      erase(group, k, user_key);
      return out;
    }
    std::optional<V> out{it->second.value};
    if (ttl_.update_on_read)
      table_.mutable_group(group)[k][user_key].ts = now;
    return out;
  }

  void put(K user_key, V value) override {
    auto ts = ttl_.enabled ? key_.now_ms() : 0;
    const auto& k = key_.bytes();
    table_.mutable_group(key_.group())[k].insert_or_assign(std::move(user_key),
                                                           cell{std::move(value), ts});
  }

  void remove(const K& user_key) override {
    const auto& k = key_.bytes();
    auto* m = find(key_.group(), k);
    if (m != nullptr && m->contains(user_key))
      erase(key_.group(), k, user_key);
  }

  bool contains(const K& user_key) override { return get(user_key).has_value(); }

  std::vector<std::pair<K, V>> entries() override {
    const auto& k = key_.bytes();
    auto group = key_.group();
    std::vector<std::pair<K, V>> out;
    auto* m = find(group, k);
    if (m == nullptr)
      return out;
    if (!ttl_.enabled) {
      out.reserve(m->size());
      for (const auto& [uk, c] : *m)
        out.emplace_back(uk, c.value);
      return out;
    }
    auto now = key_.now_ms();
    bool expired = false;
    for (const auto& [uk, c] : *m) {
      if (ttl_.expired(c.ts, now)) {
        expired = true;
        if (!ttl_.return_expired)
          continue;
      }
      out.emplace_back(uk, c.value);
    }
    if (expired || ttl_.update_on_read) {
      auto& live = table_.mutable_group(group)[k];
      std::erase_if(live, [&](const auto& e) { return ttl_.expired(e.second.ts, now); });
      if (ttl_.update_on_read)
        for (auto& e : live)
          e.second.ts = now;
      if (live.empty())
        table_.mutable_group(group).erase(k);
    }
    return out;
  }

  void clear() override {
    const auto& k = key_.bytes();
    if (find(key_.group(), k) != nullptr)
      table_.mutable_group(key_.group()).erase(k);
  }

  void set_current_namespace(std::string_view ns) override { key_.set_namespace(ns); }
  keyed_state& user_state() noexcept override { return *this; }

  std::size_t cleanup_expired(flow::key_group group, std::int64_t now,
                              std::size_t& checked) override {
    auto* map = table_.find_group(group);
    if (!ttl_.enabled || map == nullptr)
      return 0;
    bool any = false;
    for (const auto& [k, m] : *map) {
      checked += m.size();
      for (const auto& e : m)
        any = any || ttl_.expired(e.second.ts, now);
    }
    if (!any)
      return 0;
    std::size_t removed = 0;
    auto& groups = table_.mutable_group(group);
    for (auto& [k, m] : groups)
      removed += std::erase_if(m, [&](const auto& e) { return ttl_.expired(e.second.ts, now); });
    std::erase_if(groups, [](const auto& e) { return e.second.empty(); });
    return removed;
  }

  std::unique_ptr<frozen_heap_state> freeze() const override {
    return freeze_table(table_, ttl_, [](const auto& map, const ttl_policy& ttl,
                                         snapshot_entry_sink& sink) {
      std::string key;
      std::string bytes;
      for (const auto& [k, m] : map) {
        for (const auto& [uk, c] : m) {
          key.assign(k);
          weir::encode(uk, key);
          bytes.clear();
          ttl.encode_cell(bytes, c.value, c.ts);
          sink.add(key, bytes);
        }
      }
    });
  }

  result<void> load(flow::key_group group, std::string_view key,
                    std::string_view value) override {
    auto parsed = state_key::parse(key);
    if (!parsed)
      return error{errc::decode_failed, "restored entry of map state '" + key_.name()
                                          + "' in key group " + std::to_string(group.value)
                                          + " has a malformed key"};
    auto user_key = decode<K>(parsed->rest);
    byte_reader in{value};
    cell c;
    ttl_.decode_cell(in, c.value, c.ts);
    if (in.ok() && !in.at_end())
      in.fail(codec_errc::trailing_bytes, "after value");
    if (!user_key || !in.ok())
      return error{errc::decode_failed,
                   "restored entry of map state '" + key_.name() + "' in key group "
                     + std::to_string(group.value) + " does not decode: "
                     + (user_key ? in.error()->to_string() : user_key.error().to_string())};
    auto base = key.substr(0, key.size() - parsed->rest.size());
    table_.mutable_group(group)[std::string{base}].insert_or_assign(std::move(*user_key),
                                                                    std::move(c));
    return {};
  }

private:
  const user_map* find(flow::key_group group, const std::string& k) const {
    auto* map = table_.find_group(group);
    if (map == nullptr)
      return nullptr;
    auto it = map->find(k);
    return it == map->end() ? nullptr : &it->second;
  }

  void erase(flow::key_group group, const std::string& k, const K& user_key) {
    auto& groups = table_.mutable_group(group);
    auto it = groups.find(k);
    if (it == groups.end())
      return;
    it->second.erase(user_key);
    if (it->second.empty())
      groups.erase(it);
  }

  current_state_key key_;
  ttl_policy ttl_;
  table_type table_;
};

} // namespace weir::state
