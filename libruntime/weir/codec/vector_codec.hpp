#pragma once

#include <vector>

#include "weir/codec/codec.hpp"

namespace weir {

/// A varint element count followed by the elements. A count of more elements than the bytes
/// left can hold (at min_encoded_size_v<T> bytes each) is `truncated` before anything is
/// reserved, so a corrupt count cannot allocate more than the input justifies. Elements that
/// encode to no bytes at all (std::tuple<>) are counted as one byte each. At most
/// `max_reserve_bytes` are reserved up front (an element can be far larger in memory than its
/// smallest encoding, e.g. an empty optional of a large array); beyond that the vector grows
/// as elements actually decode.
template <class T, class Alloc>
  requires has_codec<T>
struct codec<std::vector<T, Alloc>> {
  static constexpr std::size_t min_encoded_size = 1; // the count of an empty vector
  static constexpr std::size_t max_reserve_bytes = std::size_t{64} << 10;
  static void encode(byte_writer& out, const std::vector<T, Alloc>& value) {
    out.write_varint(value.size());
    for (const auto& x : value)
      out.write(static_cast<const T&>(x));
  }
  static void decode(byte_reader& in, std::vector<T, Alloc>& value) {
    std::size_t n = 0;
    if (!in.read_count(n, min_encoded_size_v<T>, "vector size"))
      return;
    value.clear();
    constexpr std::size_t max_reserve = max_reserve_bytes / sizeof(T) + 1;
    value.reserve(n < max_reserve ? n : max_reserve);
    for (std::size_t i = 0; i < n; ++i) {
      T x{};
      if (!in.read(x))
        return;
      value.push_back(std::move(x));
    }
  }
};

} // namespace weir
