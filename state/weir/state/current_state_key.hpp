#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "weir/codec/key_group_prefix.hpp"
#include "weir/state/key_context.hpp"
#include "weir/state/state_exception.hpp"
#include "weir/state/state_key.hpp"

namespace weir::state {

/// The stored key bytes of one state for the backend's current key and the state's current
/// namespace, rebuilt only when either changes (so a record's accesses share one encoding).
/// `prefixed` puts the 2-byte big-endian key group in front (RocksDB).
class current_state_key {
public:
  current_state_key(const key_context& backend, std::string state_name, bool prefixed)
    : backend_(backend), name_(std::move(state_name)), prefixed_(prefixed) {}

  void set_namespace(std::string_view ns) {
    ns_.assign(ns);
    valid_ = false;
  }

  /// Throws state_exception(no_current_key) outside a keyed context.
  const std::string& bytes() {
    if (!backend_.has_current_key())
      throw state_exception{error{
        errc::no_current_key,
        "state '" + name_
          + "' was accessed outside a keyed context: keyed state is only available while a "
            "keyed operator processes a record (after key_by), not in open(), in a non-keyed "
            "stream or in process_broadcast_element"}};
    if (!valid_ || epoch_ != backend_.key_epoch()) {
      bytes_.clear();
      if (prefixed_)
        encode_key_group_prefix(backend_.current_key_group(), bytes_);
      state_key::append(bytes_, backend_.current_key(), ns_);
      epoch_ = backend_.key_epoch();
      valid_ = true;
    }
    return bytes_;
  }

  [[nodiscard]] flow::key_group group() const noexcept { return backend_.current_key_group(); }
  [[nodiscard]] const std::string& name() const noexcept { return name_; }
  [[nodiscard]] std::int64_t now_ms() const noexcept { return backend_.now_ms(); }

private:
  const key_context& backend_;
  std::string name_;
  bool prefixed_;
  std::string ns_;
  std::string bytes_;
  std::uint64_t epoch_ = 0;
  bool valid_ = false;
};

} // namespace weir::state
