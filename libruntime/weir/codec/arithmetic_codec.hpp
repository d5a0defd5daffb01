#pragma once

#include <bit>
#include <cstdint>
#include <type_traits>

#include "weir/codec/codec.hpp"

namespace weir {

namespace detail {

template <std::size_t N>
struct unsigned_of_size;
template <>
struct unsigned_of_size<1> { using type = std::uint8_t; };
template <>
struct unsigned_of_size<2> { using type = std::uint16_t; };
template <>
struct unsigned_of_size<4> { using type = std::uint32_t; };
template <>
struct unsigned_of_size<8> { using type = std::uint64_t; };

template <class T>
concept fixed_width_number = std::is_arithmetic_v<T> && !std::is_same_v<T, bool>
                             && (sizeof(T) == 1 || sizeof(T) == 2 || sizeof(T) == 4
                                 || sizeof(T) == 8);

} // namespace detail

/// Integers and floating-point numbers: their bits, fixed-width little endian (floats via
/// their IEEE-754 bit pattern). `long double` has no portable layout and no codec.
template <detail::fixed_width_number T>
struct codec<T> {
  using bits = typename detail::unsigned_of_size<sizeof(T)>::type;
  static constexpr std::size_t min_encoded_size = sizeof(T);
  static void encode(byte_writer& out, const T& value) {
    out.write_le(std::bit_cast<bits>(value));
  }
  static void decode(byte_reader& in, T& value) {
    bits b{};
    if (in.read_le(b, "number"))
      value = std::bit_cast<T>(b);
  }
};

/// One byte, 0 or 1; any other byte is `corrupt`.
template <>
struct codec<bool> {
  static constexpr std::size_t min_encoded_size = 1;
  static void encode(byte_writer& out, const bool& value) {
    out.write_le(static_cast<std::uint8_t>(value ? 1 : 0));
  }
  static void decode(byte_reader& in, bool& value) {
    std::uint8_t b = 0;
    if (!in.read_le(b, "bool"))
      return;
    if (b > 1)
      in.fail(codec_errc::corrupt, "bool");
    else
      value = b == 1;
  }
};

/// Enumerations: as their underlying integer (values are not range-checked).
template <class T>
  requires std::is_enum_v<T>
struct codec<T> {
  using underlying = std::underlying_type_t<T>;
  static constexpr std::size_t min_encoded_size = sizeof(underlying);
  static void encode(byte_writer& out, const T& value) {
    codec<underlying>::encode(out, static_cast<underlying>(value));
  }
  static void decode(byte_reader& in, T& value) {
    underlying u{};
    codec<underlying>::decode(in, u);
    if (in.ok())
      value = static_cast<T>(u);
  }
};

} // namespace weir
