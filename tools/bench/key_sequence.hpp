#pragma once

#include <cstdint>

namespace weir::bench {

/// The keys of the state benchmark: uniform in [0, keys), from splitmix64 seeded with `seed`,
/// reduced to the range by a 64x64 -> 128-bit multiply (Lemire). Two sequences with the same
/// seed and key count yield the same keys, so Weir and its baseline touch the same entries in
/// the same order. A few instructions per key, so it hardly weighs on either side.
class key_sequence {
public:
  /// `keys` must be at least 1.
  key_sequence(std::uint64_t keys, std::uint64_t seed) noexcept : keys_(keys), state_(seed) {}

  [[nodiscard]] std::int64_t next() noexcept {
    state_ += 0x9e3779b97f4a7c15ULL;
    auto z = state_;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    z ^= z >> 31;
    return static_cast<std::int64_t>((static_cast<unsigned __int128>(z) * keys_) >> 64);
  }

private:
  std::uint64_t keys_;
  std::uint64_t state_;
};

} // namespace weir::bench
