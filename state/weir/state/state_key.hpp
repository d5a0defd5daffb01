#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "weir/codec/byte_reader.hpp"
#include "weir/codec/byte_writer.hpp"

namespace weir::state {

/// The bytes that address one state entry below its key group, shared by both backends and the
/// snapshot format: varint length + key bytes, varint length + namespace bytes, then (map state
/// only) the encoded map key. Length-prefixing makes any key bytes safe to concatenate; in
/// RocksDB it follows the 2-byte big-endian key-group prefix.
struct state_key {
  std::string_view key;
  std::string_view ns;
  /// What follows the namespace: the encoded user key of a map entry, else empty.
  std::string_view rest;

  static void append(std::string& out, std::string_view key, std::string_view ns) {
    byte_writer w{out};
    w.write_varint(key.size());
    w.write_bytes(key);
    w.write_varint(ns.size());
    w.write_bytes(ns);
  }

  /// Splits stored bytes, or nullopt if they are not a state key.
  [[nodiscard]] static std::optional<state_key> parse(std::string_view bytes) noexcept {
    byte_reader r{bytes};
    std::size_t n = 0;
    if (!r.read_length(n))
      return std::nullopt;
    auto key = bytes.substr(r.position(), n);
    (void)r.take(n, "key");
    if (!r.read_length(n))
      return std::nullopt;
    auto ns = bytes.substr(r.position(), n);
    (void)r.take(n, "namespace");
    if (!r.ok())
      return std::nullopt;
    return state_key{key, ns, bytes.substr(r.position())};
  }
};

} // namespace weir::state
