#pragma once

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <random>
#include <string>

#include "weir/codec/byte_writer.hpp"

namespace weir::test {

/// Turns valid encodings into hostile ones for fuzz loops, from a seeded generator: random
/// bytes overwritten, a huge count or length (as a varint) written over a random position,
/// a cut, or pure noise of up to 4 KiB.
class byte_mutator {
public:
  explicit byte_mutator(std::uint32_t seed) : rng_(seed) {}

  std::mt19937& rng() { return rng_; }

  /// A uniform number in 0..n-1 (0 if n is 0).
  std::size_t below(std::size_t n) {
    return n == 0 ? 0 : std::uniform_int_distribution<std::size_t>{0, n - 1}(rng_);
  }

  /// One of the mutations; `noise` allows replacing everything with random bytes.
  void mutate(std::string& bytes, bool noise = true) {
    switch (below(noise ? 4 : 3)) {
      case 0:
        for (auto n = 1 + below(4); n > 0 && !bytes.empty(); --n)
          bytes[below(bytes.size())] = static_cast<char>(rng_());
        break;
      case 1: plant_huge_count(bytes); break;
      case 2: bytes.resize(below(bytes.size() + 1)); break;
      default:
        bytes.assign(below(4096), '\0');
        for (auto& c : bytes)
          c = static_cast<char>(rng_());
    }
  }

  /// Overwrites a random position with the varint of a huge count or length.
  void plant_huge_count(std::string& bytes) {
    static constexpr std::uint64_t huge[] = {std::uint64_t{1} << 62, std::uint64_t{1} << 40,
                                             std::uint64_t{1} << 31, 0xffffffffffffffffULL,
                                             1'000'000, 100'000, 4096};
    std::string varint;
    byte_writer{varint}.write_varint(huge[below(std::size(huge))]);
    auto at = below(bytes.size() + 1);
    bytes.replace(at, std::min(varint.size(), bytes.size() - at), varint);
  }

private:
  std::mt19937 rng_;
};

} // namespace weir::test
