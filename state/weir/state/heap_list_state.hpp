#pragma once

#include <string>
#include <vector>

#include "weir/state/current_state_key.hpp"
#include "weir/state/frozen_heap_table.hpp"
#include "weir/state/heap_state.hpp"
#include "weir/state/heap_state_table.hpp"
#include "weir/state/list_state.hpp"
#include "weir/state/list_state_descriptor.hpp"
#include "weir/state/ttl_policy.hpp"

namespace weir::state {

/// list_state<T> on the heap: a vector of ttl_cell<T> per key; TTL applies per element.
template <class T>
class heap_list_state final : public list_state<T>, public heap_state {
public:
  using cell = ttl_cell<T>;
  using list = std::vector<cell>;
  using table_type = heap_state_table<list>;

  heap_list_state(const key_context& ctx, const list_state_descriptor<T>& d)
    : key_(ctx, d.name(), false), ttl_(ttl_policy::from(d.ttl())), table_(ctx.key_groups()) {}

  std::vector<T> get() override {
    const auto& k = key_.bytes();
    auto group = key_.group();
    auto* map = table_.find_group(group);
    std::vector<T> out;
    if (map == nullptr)
      return out;
    auto it = map->find(k);
    if (it == map->end())
      return out;
    if (!ttl_.enabled) {
      out.reserve(it->second.size());
      for (const auto& c : it->second)
        out.push_back(c.value);
      return out;
    }
    auto now = key_.now_ms();
    bool expired = false;
    for (const auto& c : it->second) {
      if (ttl_.expired(c.ts, now)) {
        expired = true;
        if (!ttl_.return_expired)
          continue;
      }
      out.push_back(c.value);
    }
    if (expired || ttl_.update_on_read) {
      auto& live = table_.mutable_group(group)[k];
      std::erase_if(live, [&](const cell& c) { return ttl_.expired(c.ts, now); });
      if (ttl_.update_on_read)
        for (auto& c : live)
          c.ts = now;
      if (live.empty())
        table_.mutable_group(group).erase(k);
    }
    return out;
  }

  void add(T value) override {
    auto ts = ttl_.enabled ? key_.now_ms() : 0;
    const auto& k = key_.bytes();
    table_.mutable_group(key_.group())[k].push_back(cell{std::move(value), ts});
  }

  void add_all(const std::vector<T>& values) override {
    if (values.empty())
      return;
    auto ts = ttl_.enabled ? key_.now_ms() : 0;
    const auto& k = key_.bytes();
    auto& l = table_.mutable_group(key_.group())[k];
    for (const auto& v : values)
      l.push_back(cell{v, ts});
  }

  void update(const std::vector<T>& values) override {
    clear();
    add_all(values);
  }

  void clear() override {
    const auto& k = key_.bytes();
    auto* map = table_.find_group(key_.group());
    if (map != nullptr && map->contains(k))
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
    for (const auto& [k, l] : *map) {
      checked += l.size();
      for (const auto& c : l)
        any = any || ttl_.expired(c.ts, now);
    }
    if (!any)
      return 0;
    std::size_t removed = 0;
    auto& m = table_.mutable_group(group);
    for (auto& [k, l] : m)
      removed += std::erase_if(l, [&](const cell& c) { return ttl_.expired(c.ts, now); });
    std::erase_if(m, [](const auto& e) { return e.second.empty(); });
    return removed;
  }

  std::unique_ptr<frozen_heap_state> freeze() const override {
    return freeze_table(table_, ttl_, [](const auto& map, const ttl_policy& ttl,
                                         snapshot_entry_sink& sink) {
      std::string bytes;
      for (const auto& [k, l] : map) {
        bytes.clear();
        for (const auto& c : l)
          ttl.encode_cell(bytes, c.value, c.ts);
        sink.add(k, bytes);
      }
    });
  }

  result<void> load(flow::key_group group, std::string_view key,
                    std::string_view value) override {
    byte_reader in{value};
    list l;
    while (in.ok() && !in.at_end()) {
      cell c;
      auto before = in.position();
      if (ttl_.decode_cell(in, c.value, c.ts))
        l.push_back(std::move(c));
      if (in.position() == before) // an element of no bytes would never reach the end
        in.fail(codec_errc::corrupt, "list element");
    }
    if (!in.ok())
      return error{errc::decode_failed, "restored entry of list state '" + key_.name()
                                          + "' in key group " + std::to_string(group.value)
                                          + " does not decode: " + in.error()->to_string()};
    auto& target = table_.mutable_group(group)[std::string{key}];
    for (auto& c : l)
      target.push_back(std::move(c));
    return {};
  }

private:
  current_state_key key_;
  ttl_policy ttl_;
  table_type table_;
};

} // namespace weir::state
