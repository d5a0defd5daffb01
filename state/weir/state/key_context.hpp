#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "weir/codec/byte_writer.hpp"
#include "weir/codec/codecs.hpp"
#include "weir/codec/key_group_prefix.hpp"
#include "weir/flow/key_group.hpp"
#include "weir/key_hash.hpp"
#include "weir/state/clock.hpp"
#include "weir/state/error.hpp"
#include "weir/state/keyed_state_backend_config.hpp"
#include "weir/state/result.hpp"

namespace weir::state {

/// The current key of a keyed operator instance, which every state handle of its backend reads
/// (the keyed part of Flink's KeyedStateBackend), and the TTL clock. keyed_state_backend is one.
class key_context {
public:
  explicit key_context(const keyed_state_backend_config& config)
    : range_(config.key_groups), max_parallelism_(config.max_parallelism),
      clock_(config.time_source ? config.time_source : std::make_shared<wall_clock>()) {}

  [[nodiscard]] flow::key_group_range key_groups() const noexcept { return range_; }
  [[nodiscard]] int max_parallelism() const noexcept { return max_parallelism_; }

  /// Makes `key_bytes` (the key's encoding) in `group` the current key. Fails if this backend
  /// does not own `group`; then there is no current key.
  result<void> set_current_key(flow::key_group group, std::string_view key_bytes) {
    if (!range_.contains(group)) {
      has_key_ = false;
      return key_group_error(group);
    }
    auto at = reinterpret_cast<std::uintptr_t>(key_bytes.data());
    auto own = reinterpret_cast<std::uintptr_t>(composed_.data());
    if (at >= own && at < own + composed_.size()) {
      // The bytes live in composed_ (a caller passed current_key() back): copy them first.
      std::string copy{key_bytes};
      return set_current_key(group, copy);
    }
    begin_key(group);
    composed_.append(key_bytes);
    end_key();
    return {};
  }

  /// Encodes `key` with weir::codec and assigns its key group with weir::key_hash, as the
  /// keyed stream's partitioner does.
  template <class K>
  result<void> set_current_key(const K& key) {
    auto group = flow::assign_to_key_group(key_hash<K>{}(key), max_parallelism_);
    if (!range_.contains(group)) {
      has_key_ = false;
      return key_group_error(group);
    }
    begin_key(group);
    encode(key, composed_); // in place, behind the key group and the length byte
    end_key();
    return {};
  }

  /// The stored key (state_key layout) of the current key in the default (empty) namespace,
  /// `[key group, 2 bytes big endian][varint length][key][0x00]`, with the key-group prefix
  /// (RocksDB) or without it (heap). Valid until the next set_current_key; meaningful only
  /// while has_current_key().
  [[nodiscard]] std::string_view default_state_key(bool prefixed) const noexcept {
    std::string_view all{composed_};
    if (prefixed || all.size() < key_group_prefix_size)
      return all;
    return all.substr(key_group_prefix_size);
  }

  /// Leaves the keyed context: state access fails until the next set_current_key.
  void clear_current_key() noexcept { has_key_ = false; }

  [[nodiscard]] bool has_current_key() const noexcept { return has_key_; }
  [[nodiscard]] flow::key_group current_key_group() const noexcept { return group_; }
  [[nodiscard]] std::string_view current_key() const noexcept {
    return std::string_view{composed_}.substr(key_offset_, key_size_);
  }
  /// Changes whenever the current key is set; states cache derived bytes against it.
  [[nodiscard]] std::uint64_t key_epoch() const noexcept { return epoch_; }

  /// The TTL clock's time in milliseconds.
  [[nodiscard]] std::int64_t now_ms() const noexcept { return clock_->now().count(); }

  [[nodiscard]] error key_group_error(flow::key_group group) const {
    return error{errc::key_group_out_of_range,
                 "key group " + std::to_string(group.value)
                   + " is not owned by this backend (it owns " + std::to_string(range_.first)
                   + ".." + std::to_string(range_.last) + " of "
                   + std::to_string(max_parallelism_)
                   + " key groups); route records with the backend's max parallelism"};
  }

private:
  // composed_ is built once per key: the key-group prefix, a one-byte length placeholder,
  // then the key encoded in place; end_key() fixes the length and appends the empty
  // namespace, so the default-namespace stored key needs no further copy.
  void begin_key(flow::key_group group) {
    has_key_ = false; // until end_key(): a throwing codec leaves no half-built current key
    group_ = group;
    composed_.clear();
    encode_key_group_prefix(group, composed_);
    composed_.push_back('\0');
  }

  void end_key() {
    constexpr std::size_t head = key_group_prefix_size + 1;
    key_size_ = composed_.size() - head;
    key_offset_ = head;
    if (key_size_ < 0x80) {
      composed_[key_group_prefix_size] = static_cast<char>(key_size_);
    } else {
      std::string length;
      byte_writer{length}.write_varint(key_size_);
      composed_.replace(key_group_prefix_size, 1, length);
      key_offset_ = key_group_prefix_size + length.size();
    }
    composed_.push_back('\0'); // varint length of the empty namespace
    has_key_ = true;
    ++epoch_;
  }

  flow::key_group_range range_;
  int max_parallelism_;
  std::shared_ptr<const clock> clock_;
  flow::key_group group_{};
  std::string composed_;
  std::size_t key_offset_ = 0;
  std::size_t key_size_ = 0;
  bool has_key_ = false;
  std::uint64_t epoch_ = 0;
};

} // namespace weir::state
