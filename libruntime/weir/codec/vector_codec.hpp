#pragma once

#include <vector>

#include "weir/codec/codec.hpp"

namespace weir {

/// A varint element count followed by the elements. A count above the remaining input bytes
/// is rejected before allocating, so element encodings must take at least one byte (all
/// built-in ones do).
template <class T, class Alloc>
struct codec<std::vector<T, Alloc>> {
  static void encode(byte_writer& out, const std::vector<T, Alloc>& value) {
    out.write_varint(value.size());
    for (const auto& x : value)
      out.write(static_cast<const T&>(x));
  }
  static void decode(byte_reader& in, std::vector<T, Alloc>& value) {
    std::size_t n = 0;
    if (!in.read_length(n, "vector size"))
      return;
    value.clear();
    value.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
      T x{};
      if (!in.read(x))
        return;
      value.push_back(std::move(x));
    }
  }
};

} // namespace weir
