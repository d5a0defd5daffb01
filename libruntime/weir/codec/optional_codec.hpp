#pragma once

#include <optional>

#include "weir/codec/codec.hpp"

namespace weir {

/// A tag byte (0 empty, 1 engaged) followed by the value when engaged; other tags are corrupt.
template <class T>
  requires has_codec<T>
struct codec<std::optional<T>> {
  static constexpr std::size_t min_encoded_size = 1; // the tag of an empty optional
  static void encode(byte_writer& out, const std::optional<T>& value) {
    out.write_le(static_cast<std::uint8_t>(value ? 1 : 0));
    if (value)
      out.write(*value);
  }
  static void decode(byte_reader& in, std::optional<T>& value) {
    std::uint8_t tag = 0;
    if (!in.read_le(tag, "optional tag"))
      return;
    if (tag == 0) {
      value.reset();
    } else if (tag == 1) {
      T x{};
      if (in.read(x))
        value = std::move(x);
    } else {
      in.fail(codec_errc::corrupt, "optional tag");
    }
  }
};

} // namespace weir
