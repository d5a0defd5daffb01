#pragma once

#include <vector>

#include "weir/state/list_state.hpp"
#include "weir/state/list_state_descriptor.hpp"
#include "weir/state/rocksdb_state.hpp"

namespace weir::state {

/// list_state<T> on RocksDB: one value per key holding the concatenated element cells, so
/// add() is a Merge (append) without a read.
template <class T>
class rocksdb_list_state final : public rocksdb_state<list_state<T>> {
public:
  rocksdb_list_state(const key_context& ctx, const list_state_descriptor<T>& d,
                     rocksdb_column& column)
    : rocksdb_state<list_state<T>>(ctx, d, column) {}

  std::vector<T> get() override {
    const auto& k = this->key_.bytes();
    std::vector<T> out;
    if (!this->column_.get(k, this->buffer_))
      return out;
    std::vector<ttl_cell<T>> cells;
    decode_cells(this->buffer_, cells);
    if (!this->ttl_.enabled) {
      out.reserve(cells.size());
      for (auto& c : cells)
        out.push_back(std::move(c.value));
      return out;
    }
    auto now = this->key_.now_ms();
    bool expired = false;
    for (const auto& c : cells) {
      if (this->ttl_.expired(c.ts, now)) {
        expired = true;
        if (!this->ttl_.return_expired)
          continue;
      }
      out.push_back(c.value);
    }
    if (expired || this->ttl_.update_on_read) {
      std::erase_if(cells, [&](const auto& c) { return this->ttl_.expired(c.ts, now); });
      if (this->ttl_.update_on_read)
        for (auto& c : cells)
          c.ts = now;
      store(k, cells);
    }
    return out;
  }

  void add(T value) override {
    this->buffer_.clear();
    this->ttl_.encode_cell(this->buffer_, value, this->ttl_.enabled ? this->key_.now_ms() : 0);
    this->column_.merge(this->key_.bytes(), this->buffer_);
  }

  void add_all(const std::vector<T>& values) override {
    if (values.empty())
      return;
    auto ts = this->ttl_.enabled ? this->key_.now_ms() : 0;
    this->buffer_.clear();
    for (const auto& v : values)
      this->ttl_.encode_cell(this->buffer_, v, ts);
    this->column_.merge(this->key_.bytes(), this->buffer_);
  }

  void update(const std::vector<T>& values) override {
    if (values.empty()) {
      clear();
      return;
    }
    auto ts = this->ttl_.enabled ? this->key_.now_ms() : 0;
    this->buffer_.clear();
    for (const auto& v : values)
      this->ttl_.encode_cell(this->buffer_, v, ts);
    this->column_.put(this->key_.bytes(), this->buffer_);
  }

  void clear() override { this->column_.remove(this->key_.bytes()); }

  std::size_t cleanup_expired(flow::key_group group, std::int64_t now,
                              std::size_t& checked) override {
    if (!this->ttl_.enabled)
      return 0;
    std::string prefix;
    encode_key_group_prefix(group, prefix);
    std::vector<std::pair<std::string, std::vector<ttl_cell<T>>>> changed;
    std::size_t removed = 0;
    this->column_.for_each(prefix, [&](std::string_view k, std::string_view v) {
      std::vector<ttl_cell<T>> cells;
      decode_cells(v, cells);
      checked += cells.size();
      auto n = std::erase_if(cells, [&](const auto& c) { return this->ttl_.expired(c.ts, now); });
      if (n > 0) {
        removed += n;
        changed.emplace_back(std::string{k}, std::move(cells));
      }
      return true;
    });
    for (const auto& [k, cells] : changed)
      store(k, cells);
    return removed;
  }

private:
  void decode_cells(std::string_view bytes, std::vector<ttl_cell<T>>& cells) const {
    byte_reader in{bytes};
    while (in.ok() && !in.at_end()) {
      ttl_cell<T> c;
      auto before = in.position();
      if (this->ttl_.decode_cell(in, c.value, c.ts))
        cells.push_back(std::move(c));
      if (in.position() == before) // an element of no bytes would never reach the end
        in.fail(codec_errc::corrupt, "list element");
    }
    if (!in.ok())
      throw this->decode_failure(*in.error());
  }

  void store(const std::string& k, const std::vector<ttl_cell<T>>& cells) {
    if (cells.empty()) {
      this->column_.remove(k);
      return;
    }
    std::string bytes;
    for (const auto& c : cells)
      this->ttl_.encode_cell(bytes, c.value, c.ts);
    this->column_.put(k, bytes);
  }
};

} // namespace weir::state
