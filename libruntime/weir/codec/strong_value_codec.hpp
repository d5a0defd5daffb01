#pragma once

#include "weir/codec/arithmetic_codec.hpp"
#include "weir/ids.hpp"

namespace weir {

/// A strong id or time (checkpoint_id, event_time, ...) encodes as its integer.
template <class Tag, class Rep>
  requires has_codec<Rep>
struct codec<strong_value<Tag, Rep>> {
  static constexpr std::size_t min_encoded_size = min_encoded_size_v<Rep>;
  static void encode(byte_writer& out, const strong_value<Tag, Rep>& v) { out.write(v.value()); }
  static void decode(byte_reader& in, strong_value<Tag, Rep>& v) {
    Rep r{};
    if (in.read(r))
      v = strong_value<Tag, Rep>{r};
  }
};

} // namespace weir
