#pragma once

#include <optional>
#include <string>
#include <utility>

#include "weir/state/current_state_key.hpp"
#include "weir/state/heap_state.hpp"
#include "weir/state/heap_state_table.hpp"
#include "weir/state/state_descriptor.hpp"
#include "weir/state/ttl_policy.hpp"

namespace weir::state {

/// Heap storage shared by the states that keep one value per key and namespace (value,
/// reducing, aggregating): a heap_state_table of ttl_cell<V>, with the TTL rules applied on
/// access and values serialized only when a snapshot is written.
template <class V, class Interface>
class heap_cell_state : public Interface, public heap_state {
public:
  using cell = ttl_cell<V>;
  using table_type = heap_state_table<cell>;

  heap_cell_state(const key_context& ctx, const state_descriptor& d)
    : key_(ctx, d.name(), false), ttl_(ttl_policy::from(d.ttl())), table_(ctx.key_groups()) {}

  void clear() override {
    const auto& k = key_.bytes();
    auto* group = table_.find_group(key_.group());
    if (group != nullptr && group->contains(k))
      table_.mutable_group(key_.group()).erase(k);
  }

  void set_current_namespace(std::string_view ns) override { key_.set_namespace(ns); }

  keyed_state& user_state() noexcept override { return *this; }

  std::size_t cleanup_expired(flow::key_group group, std::int64_t now,
                              std::size_t& checked) override {
    auto* map = table_.find_group(group);
    if (!ttl_.enabled || map == nullptr)
      return 0;
    checked += map->size();
    bool any = false;
    for (const auto& [k, c] : *map)
      if (ttl_.expired(c.ts, now)) {
        any = true;
        break;
      }
    if (!any)
      return 0;
    return std::erase_if(table_.mutable_group(group),
                         [&](const auto& e) { return ttl_.expired(e.second.ts, now); });
  }

  std::unique_ptr<frozen_heap_state> freeze() const override {
    return std::make_unique<frozen>(table_.freeze(), ttl_, table_.range());
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
    table_.mutable_group(group).insert_or_assign(std::string{key}, std::move(c));
    return {};
  }

protected:
  /// The value of the current key, applying TTL: an expired value is removed and returned
  /// only if the visibility allows it and `for_update` is false.
  std::optional<V> read(bool for_update) {
    const auto& k = key_.bytes();
    auto group = key_.group();
    auto* map = table_.find_group(group);
    if (map == nullptr)
      return std::nullopt;
    auto it = map->find(k);
    if (it == map->end())
      return std::nullopt;
    if (!ttl_.enabled)
      return it->second.value;
    auto now = key_.now_ms();
    if (ttl_.expired(it->second.ts, now)) {
      std::optional<V> out;
      if (ttl_.return_expired && !for_update)
        out = it->second.value;
      table_.mutable_group(group).erase(k);
      return out;
    }
    std::optional<V> out{it->second.value};
    if (ttl_.update_on_read)
      table_.mutable_group(group)[k].ts = now;
    return out;
  }

  void write(V value) {
    auto ts = ttl_.enabled ? key_.now_ms() : 0;
    const auto& k = key_.bytes();
    table_.mutable_group(key_.group()).insert_or_assign(k, cell{std::move(value), ts});
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
  class frozen final : public frozen_heap_state {
  public:
    frozen(typename table_type::frozen maps, ttl_policy ttl, flow::key_group_range range)
      : maps_(std::move(maps)), ttl_(ttl), range_(range) {}
    void write(flow::key_group group, snapshot_entry_sink& sink) const override {
      const auto& map = maps_[group.value - range_.first];
      if (!map)
        return;
      std::string bytes;
      for (const auto& [k, c] : *map) {
        bytes.clear();
        ttl_.encode_cell(bytes, c.value, c.ts);
        sink.add(k, bytes);
      }
    }

  private:
    typename table_type::frozen maps_;
    ttl_policy ttl_;
    flow::key_group_range range_;
  };
};

} // namespace weir::state
