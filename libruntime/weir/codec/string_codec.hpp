#pragma once

#include <string>

#include "weir/codec/codec.hpp"

namespace weir {

/// A varint byte length followed by the bytes.
template <>
struct codec<std::string> {
  static constexpr std::size_t min_encoded_size = 1; // the length of ""
  static void encode(byte_writer& out, const std::string& value) {
    out.write_varint(value.size());
    out.write_bytes(value.data(), value.size());
  }
  static void decode(byte_reader& in, std::string& value) {
    std::size_t n = 0;
    if (!in.read_length(n, "string length"))
      return;
    auto bytes = in.take(n, "string bytes");
    if (bytes)
      value.assign(reinterpret_cast<const char*>(bytes->data()), bytes->size());
  }
};

} // namespace weir
