#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "weir/codec/codecs.hpp"
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
    group_ = group;
    key_.assign(key_bytes);
    has_key_ = true;
    ++epoch_;
    return {};
  }

  /// Encodes `key` with weir::codec and assigns its key group with weir::key_hash, as the
  /// keyed stream's partitioner does.
  template <class K>
  result<void> set_current_key(const K& key) {
    scratch_.clear();
    encode(key, scratch_);
    auto group = flow::assign_to_key_group(key_hash<K>{}(key), max_parallelism_);
    return set_current_key(group, scratch_);
  }

  /// Leaves the keyed context: state access fails until the next set_current_key.
  void clear_current_key() noexcept { has_key_ = false; }

  [[nodiscard]] bool has_current_key() const noexcept { return has_key_; }
  [[nodiscard]] flow::key_group current_key_group() const noexcept { return group_; }
  [[nodiscard]] std::string_view current_key() const noexcept { return key_; }
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
  flow::key_group_range range_;
  int max_parallelism_;
  std::shared_ptr<const clock> clock_;
  flow::key_group group_{};
  std::string key_;
  std::string scratch_;
  bool has_key_ = false;
  std::uint64_t epoch_ = 0;
};

} // namespace weir::state
