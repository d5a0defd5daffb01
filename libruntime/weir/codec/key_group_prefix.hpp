#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "weir/flow/key_group.hpp"

namespace weir {

/// Bytes of the key-group prefix of a state key in an ordered store (RocksDB).
inline constexpr std::size_t key_group_prefix_size = 2;

/// Appends `group` as 2 bytes big endian, so that byte-wise key order sorts by key group first
/// and a key-group range is one contiguous scan. Requires group < 65536 (max parallelism is at
/// most 32768, as in Flink).
inline void encode_key_group_prefix(flow::key_group group, std::string& out) {
  out.push_back(static_cast<char>((group.value >> 8) & 0xff));
  out.push_back(static_cast<char>(group.value & 0xff));
}

/// The key group a prefixed key starts with, or nullopt if it is shorter than the prefix.
[[nodiscard]] inline std::optional<flow::key_group>
decode_key_group_prefix(std::string_view key) noexcept {
  if (key.size() < key_group_prefix_size)
    return std::nullopt;
  auto hi = static_cast<std::uint32_t>(static_cast<unsigned char>(key[0]));
  auto lo = static_cast<std::uint32_t>(static_cast<unsigned char>(key[1]));
  return flow::key_group{(hi << 8) | lo};
}

} // namespace weir
