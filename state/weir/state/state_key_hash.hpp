#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <functional>
#include <string>
#include <string_view>

namespace weir::state {

/// Hash of stored state key bytes, which are mostly 10 to 20 bytes (varint length, encoded key,
/// namespace length). Up to 16 bytes: two overlapping loads that cover every byte and one
/// 64x64->128-bit multiply folded to 64 bits, about ten instructions; longer keys go to
/// std::hash. Not for untrusted input (no seed). Stateless; any thread.
[[nodiscard]] inline std::uint64_t hash_state_key(std::string_view key) noexcept {
  const char* p = key.data();
  std::size_t n = key.size();
  if (n > 16)
    return std::hash<std::string_view>{}(key);
  std::uint64_t a = 0;
  std::uint64_t b = 0;
  if (n >= 8) {
    std::memcpy(&a, p, 8);
    std::memcpy(&b, p + n - 8, 8);
  } else if (n >= 4) {
    std::uint32_t x = 0;
    std::uint32_t y = 0;
    std::memcpy(&x, p, 4);
    std::memcpy(&y, p + n - 4, 4);
    a = x;
    b = y;
  } else if (n > 0) {
    a = std::uint64_t{static_cast<unsigned char>(p[0])}
        | (std::uint64_t{static_cast<unsigned char>(p[n / 2])} << 8)
        | (std::uint64_t{static_cast<unsigned char>(p[n - 1])} << 16);
  }
  auto m = static_cast<unsigned __int128>(a ^ 0x9e3779b97f4a7c15ULL)
           * static_cast<unsigned __int128>(b ^ n ^ 0xc2b2ae3d27d4eb4fULL);
  return static_cast<std::uint64_t>(m) ^ static_cast<std::uint64_t>(m >> 64);
}

/// hash_state_key as a std::unordered_map hasher. Being a user-defined hasher, it also makes
/// libstdc++ skip caching the hash in every node and the linear scan of small maps.
struct state_key_hasher {
  [[nodiscard]] std::size_t operator()(const std::string& key) const noexcept {
    return static_cast<std::size_t>(hash_state_key(key));
  }
};

} // namespace weir::state
