#pragma once

#include <concepts>
#include <cstddef>

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
// (reads on a failed reader are no-ops), never by reading out of bounds; what a decoder
// throws anyway (std::bad_alloc, or a user codec's exception) is caught by the byte_reader
// and recorded as a failure, so decoding as a whole never throws.
//
// A codec may declare `static constexpr std::size_t min_encoded_size`: the fewest bytes any
// value encodes to. Count-prefixed decoders (vector, map) divide the bytes left by it to bound
// a count before allocating, so a corrupt count cannot reserve more memory than the input
// justifies. Without the member a codec is assumed to take at least one byte.
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

namespace detail {

template <class T>
constexpr std::size_t min_encoded_size_of() {
  if constexpr (requires { codec<T>::min_encoded_size; })
    return codec<T>::min_encoded_size;
  else
    return 1;
}

} // namespace detail

/// The fewest bytes an encoding of `T` takes (see above); 1 for codecs that do not say.
template <class T>
inline constexpr std::size_t min_encoded_size_v = detail::min_encoded_size_of<T>();

/// Satisfied by types with a usable `weir::codec` specialization.
template <class T>
concept has_codec = requires(byte_writer& w, byte_reader& r, const T& cv, T& v) {
  codec<T>::encode(w, cv);
  codec<T>::decode(r, v);
};

} // namespace weir
