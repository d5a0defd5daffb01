#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "weir/codec/codecs.hpp"
#include "weir/state/state_ttl_config.hpp"

namespace weir::state {

/// A state's TTL settings reduced to what the per-access path tests, plus the stored form of
/// one value: `[int64 last-access ms, little endian]` then the codec bytes when TTL is on,
/// only the codec bytes when it is off. Both backends and the snapshot format use this form.
struct ttl_policy {
  bool enabled = false;
  std::int64_t ttl_ms = 0;
  bool update_on_read = false;
  bool return_expired = false;

  [[nodiscard]] static ttl_policy from(const std::optional<state_ttl_config>& config) noexcept {
    if (!config)
      return {};
    return {true, config->ttl.count(),
            config->update_type == ttl_update_type::on_read_and_write,
            config->visibility == ttl_state_visibility::return_expired_if_not_cleaned_up};
  }

  [[nodiscard]] bool expired(std::int64_t last_access, std::int64_t now) const noexcept {
    return enabled && last_access + ttl_ms <= now;
  }

  template <class T>
  void encode_cell(std::string& out, const T& value, std::int64_t ts) const {
    byte_writer w{out};
    if (enabled)
      w.write(ts);
    w.write(value);
  }

  /// Decodes one cell from `in`; returns in.ok().
  template <class T>
  bool decode_cell(byte_reader& in, T& value, std::int64_t& ts) const {
    ts = 0;
    if (enabled)
      in.read(ts);
    return in.read(value);
  }
};

/// A value with its last-access timestamp (0 when TTL is off), as the heap backend keeps it.
template <class T>
struct ttl_cell {
  T value{};
  std::int64_t ts = 0;
};

} // namespace weir::state
