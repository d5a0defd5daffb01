#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "weir/codec/byte_writer.hpp"
#include "weir/state/key_context.hpp"
#include "weir/state/state_exception.hpp"

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

  /// The stored key, as bytes() but without a copy in the default namespace (a view into the
  /// key_context, valid until the next set_current_key or set_namespace). Throws
  /// state_exception(no_current_key) outside a keyed context.
  std::string_view view() {
    if (ns_.empty()) {
      check_keyed_context();
      return backend_.default_state_key(prefixed_);
    }
    return bytes();
  }

  /// Throws state_exception(no_current_key) outside a keyed context.
  const std::string& bytes() {
    check_keyed_context();
    if (!valid_ || epoch_ != backend_.key_epoch()) {
      // The key_context's default-namespace key, with this namespace in place of the empty one.
      auto head = backend_.default_state_key(prefixed_);
      head.remove_suffix(1);
      bytes_.assign(head);
      byte_writer w{bytes_};
      w.write_varint(ns_.size());
      w.write_bytes(ns_);
      epoch_ = backend_.key_epoch();
      valid_ = true;
    }
    return bytes_;
  }

  [[nodiscard]] flow::key_group group() const noexcept { return backend_.current_key_group(); }
  /// The key_context's key epoch: changes whenever the current key is set.
  [[nodiscard]] std::uint64_t key_epoch() const noexcept { return backend_.key_epoch(); }
  [[nodiscard]] const std::string& name() const noexcept { return name_; }
  [[nodiscard]] std::int64_t now_ms() const noexcept { return backend_.now_ms(); }

private:
  void check_keyed_context() const {
    if (!backend_.has_current_key())
      throw state_exception{error{
        errc::no_current_key,
        "state '" + name_
          + "' was accessed outside a keyed context: keyed state is only available while a "
            "keyed operator processes a record (after key_by), not in open(), in a non-keyed "
            "stream or in process_broadcast_element"}};
  }

  const key_context& backend_;
  std::string name_;
  bool prefixed_;
  std::string ns_;
  std::string bytes_;
  std::uint64_t epoch_ = 0;
  bool valid_ = false;
};

} // namespace weir::state
