#pragma once

#include <cstdint>
#include <string>

#include "weir/codec/codecs.hpp"
#include "weir/codec/key_group_prefix.hpp"
#include "weir/state/current_state_key.hpp"
#include "weir/state/internal_state.hpp"
#include "weir/state/rocksdb_column.hpp"
#include "weir/state/state_descriptor.hpp"
#include "weir/state/state_exception.hpp"
#include "weir/state/ttl_policy.hpp"

namespace weir::state {

/// What every typed RocksDB state has: its column, the prefixed current key, the TTL policy,
/// and cleanup of expired single-cell values (value, reducing, aggregating, map entries).
template <class Interface>
class rocksdb_state : public Interface, public internal_state {
public:
  rocksdb_state(const key_context& ctx, const state_descriptor& d, rocksdb_column& column)
    : key_(ctx, d.name(), true), ttl_(ttl_policy::from(d.ttl())), column_(column) {}

  void set_current_namespace(std::string_view ns) override { key_.set_namespace(ns); }
  keyed_state& user_state() noexcept override { return *this; }

  std::size_t cleanup_expired(flow::key_group group, std::int64_t now,
                              std::size_t& checked) override {
    if (!ttl_.enabled)
      return 0;
    std::string prefix;
    encode_key_group_prefix(group, prefix);
    std::vector<std::string> expired;
    column_.for_each(prefix, [&](std::string_view k, std::string_view v) {
      ++checked;
      auto ts = decode<std::int64_t>(v.substr(0, 8));
      if (v.size() >= 8 && ts.ok() && ttl_.expired(*ts, now))
        expired.emplace_back(k);
      return true;
    });
    for (const auto& k : expired)
      column_.remove(k);
    return expired.size();
  }

protected:
  /// Reads the cell stored at `k` with TTL semantics: an expired cell is removed and read as
  /// absent (or returned once, with return_expired, unless the read is part of an update); a
  /// plain read refreshes the timestamp with update_on_read.
  template <class V>
  std::optional<V> read_at(std::string_view k, bool for_update) {
    if (!column_.get(k, buffer_))
      return std::nullopt;
    V value{};
    std::int64_t ts = 0;
    decode_value(buffer_, value, ts);
    if (!ttl_.enabled)
      return value;
    auto now = key_.now_ms();
    if (ttl_.expired(ts, now)) {
      column_.remove(k);
      if (ttl_.return_expired && !for_update)
        return value;
      return std::nullopt;
    }
    if (ttl_.update_on_read && !for_update)
      store_at(k, value, now);
    return value;
  }

  /// Stores `value` with timestamp `ts` at `k`.
  template <class V>
  void store_at(std::string_view k, const V& value, std::int64_t ts) {
    buffer_.clear();
    ttl_.encode_cell(buffer_, value, ts);
    column_.put(k, buffer_);
  }

  /// Decodes one stored cell, throwing decode_failed on bad bytes.
  template <class V>
  void decode_value(std::string_view bytes, V& value, std::int64_t& ts) const {
    byte_reader in{bytes};
    ttl_.decode_cell(in, value, ts);
    if (in.ok() && !in.at_end())
      in.fail(codec_errc::trailing_bytes, "after value");
    if (!in.ok())
      throw decode_failure(*in.error());
  }

  [[nodiscard]] state_exception decode_failure(const codec_error& e) const {
    return state_exception{error{errc::decode_failed,
                                 "stored value of state '" + key_.name()
                                   + "' does not decode: " + e.to_string()}};
  }

  current_state_key key_;
  ttl_policy ttl_;
  rocksdb_column& column_;
  std::string buffer_;
};

/// The one-value-per-key states on RocksDB (value, reducing, aggregating).
template <class V, class Interface>
class rocksdb_cell_state : public rocksdb_state<Interface> {
public:
  using rocksdb_state<Interface>::rocksdb_state;

  void clear() override { this->column_.remove(this->key_.view()); }

protected:
  /// As heap_cell_state::read.
  std::optional<V> read(bool for_update) {
    return this->template read_at<V>(this->key_.view(), for_update);
  }

  void write(const V& value) {
    this->store_at(this->key_.view(), value, this->ttl_.enabled ? this->key_.now_ms() : 0);
  }
};

} // namespace weir::state
