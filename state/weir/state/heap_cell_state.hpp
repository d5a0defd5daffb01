#pragma once

#include <optional>
#include <string>
#include <utility>

#include "weir/state/current_state_key.hpp"
#include "weir/state/flat_bytes_map.hpp"
#include "weir/state/frozen_heap_table.hpp"
#include "weir/state/heap_state.hpp"
#include "weir/state/heap_state_table.hpp"
#include "weir/state/state_descriptor.hpp"
#include "weir/state/ttl_policy.hpp"

namespace weir::state {

/// Heap storage shared by the states that keep one value per key and namespace (value,
/// reducing, aggregating): a heap_state_table of ttl_cell<V>, with the TTL rules applied on
/// access and values serialized only when a snapshot is written. Each key group's entries sit
/// in a flat_bytes_map.
template <class V, class Interface>
class heap_cell_state : public Interface, public heap_state {
public:
  using cell = ttl_cell<V>;
  using table_type = heap_state_table<cell, flat_bytes_map<cell>>;

  heap_cell_state(const key_context& ctx, const state_descriptor& d)
    : key_(ctx, d.name(), false), ttl_(ttl_policy::from(d.ttl())), table_(ctx.key_groups()) {}

  void clear() override {
    auto k = key_.view();
    forget();
    auto* group = table_.find_group(key_.group());
    if (group != nullptr && group->contains(k))
      table_.mutable_group(key_.group()).erase(k);
  }

  void set_current_namespace(std::string_view ns) override {
    key_.set_namespace(ns);
    forget();
  }

  keyed_state& user_state() noexcept override { return *this; }

  std::size_t cleanup_expired(flow::key_group group, std::int64_t now,
                              std::size_t& checked) override {
    auto* map = table_.find_group(group);
    if (!ttl_.enabled || map == nullptr)
      return 0;
    checked += map->size();
    bool any = false;
    map->for_each([&](std::string_view, const cell& c) { any = any || ttl_.expired(c.ts, now); });
    if (!any)
      return 0; // leaves a map shared with a snapshot unshared
    forget();
    return table_.mutable_group(group).erase_if(
      [&](std::string_view, const cell& c) { return ttl_.expired(c.ts, now); });
  }

  std::unique_ptr<frozen_heap_state> freeze() const override {
    return freeze_table(table_, ttl_, [](const auto& map, const ttl_policy& ttl,
                                         snapshot_entry_sink& sink) {
      std::string bytes;
      map.for_each([&](std::string_view k, const cell& c) {
        bytes.clear();
        ttl.encode_cell(bytes, c.value, c.ts);
        sink.add(k, bytes);
      });
    });
  }

  result<void> load(flow::key_group group, std::string_view key,
                    std::string_view value) override {
    byte_reader in{value};
    cell c;
    ttl_.decode_cell(in, c.value, c.ts);
    if (in.ok() && !in.at_end())
      in.fail(codec_errc::trailing_bytes, "after value");
    if (!in.ok())
      return decode_error(group, *in.error());
    forget();
    table_.mutable_group(group).insert_or_assign(key, std::move(c));
    return {};
  }

protected:
  /// The value of the current key, applying TTL: an expired value is removed and returned
  /// only if the visibility allows it and `for_update` is false.
  std::optional<V> read(bool for_update) {
    auto k = key_.view();
    auto group = key_.group();
    const auto* map = table_.find_group(group);
    if (map == nullptr)
      return std::nullopt;
    const auto* found = map->find(k);
    if (found == nullptr)
      return std::nullopt;
    if (!ttl_.enabled) {
      remember(map, found);
      return found->value;
    }
    auto now = key_.now_ms();
    if (ttl_.expired(found->ts, now)) {
      std::optional<V> out;
      if (ttl_.return_expired && !for_update)
        out = found->value;
      forget();
      table_.mutable_group(group).erase(k);
      return out;
    }
    std::optional<V> out{found->value};
    if (ttl_.update_on_read) {
      auto& m = table_.mutable_group(group);
      auto* c = m.find(k); // found may be in the map a snapshot shares
      c->ts = now;
      remember(&m, c);
    } else {
      remember(map, found);
    }
    return out;
  }

  void write(V value) {
    auto ts = ttl_.enabled ? key_.now_ms() : 0;
    auto k = key_.view(); // first: throws outside a keyed context
    auto group = key_.group();
    if (last_ != nullptr && last_epoch_ == key_.key_epoch()
        && table_.writable_in_place(group, last_map_)) {
      // The entry read() or write() last found for this key, in a map no snapshot shares.
      *const_cast<cell*>(last_) = cell{std::move(value), ts};
      return;
    }
    auto& map = table_.mutable_group(group);
    remember(&map, &map.insert_or_assign(k, cell{std::move(value), ts}));
  }

  error decode_error(flow::key_group group, const codec_error& e) const {
    return error{errc::decode_failed, "restored entry of state '" + key_.name() + "' in key group "
                                        + std::to_string(group.value)
                                        + " does not decode: " + e.to_string()
                                        + "; was the snapshot written with other types?"};
  }

  current_state_key key_;
  ttl_policy ttl_;
  table_type table_;

private:
  // A read-modify-write (value() then update() of one key) costs one lookup: read() and
  // write() remember the entry they found, and write() stores into it while the key (epoch)
  // and the namespace are unchanged and the map is still this group's and unshared. Entries
  // of a flat_bytes_map move only when it inserts or erases; this state inserts only for the
  // current key (which then is the remembered entry) and forgets the entry on every erase,
  // load and namespace change, so the pointer stays valid while the memo holds.
  void remember(const typename table_type::map_type* map, const cell* entry) noexcept {
    last_map_ = map;
    last_ = entry;
    last_epoch_ = key_.key_epoch();
  }
  void forget() noexcept { last_ = nullptr; }

  const typename table_type::map_type* last_map_ = nullptr;
  const cell* last_ = nullptr;
  std::uint64_t last_epoch_ = 0;
};

} // namespace weir::state
