#pragma once

#include <concepts>

#include "weir/codec/byte_reader.hpp"
#include "weir/codec/byte_writer.hpp"
#include "weir/codec/codec_fwd.hpp"

namespace weir {

// `weir::codec<T>` turns a T into bytes and back. It serves RocksDB keys and values, heap
// snapshots and (later) the wire between nodes. A specialization provides two static members:
//
//   static void encode(byte_writer& out, const T& value);
//   static void decode(byte_reader& in, T& value);   // T is default constructible
//
// `decode` reads exactly what `encode` wrote and reports bad input through `in.fail(...)`
// (reads on a failed reader are no-ops), never by throwing or reading out of bounds.
// Encodings are self-delimiting: a decoder knows where its value ends, so encodings can be
// concatenated (a RocksDB key is key bytes followed by namespace bytes). Built in: arithmetic
// types and enums (fixed-width little endian), bool, std::string, std::pair, std::tuple,
// std::array, std::vector, std::optional, std::map and std::unordered_map. For an own type:
//
//   template <>
//   struct weir::codec<point> {
//     static void encode(weir::byte_writer& out, const point& p) { out.write(p.x); out.write(p.y); }
//     static void decode(weir::byte_reader& in, point& p) { in.read(p.x) && in.read(p.y); }
//   };

/// Satisfied by types with a usable `weir::codec` specialization.
template <class T>
concept has_codec = requires(byte_writer& w, byte_reader& r, const T& cv, T& v) {
  codec<T>::encode(w, cv);
  codec<T>::decode(r, v);
};

} // namespace weir
