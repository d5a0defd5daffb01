#pragma once

#include <array>
#include <tuple>
#include <utility>

#include "weir/codec/codec.hpp"

namespace weir {

/// The two members in order, nothing in between.
template <class A, class B>
  requires has_codec<A> && has_codec<B>
struct codec<std::pair<A, B>> {
  static constexpr std::size_t min_encoded_size = min_encoded_size_v<A> + min_encoded_size_v<B>;
  static void encode(byte_writer& out, const std::pair<A, B>& value) {
    out.write(value.first);
    out.write(value.second);
  }
  static void decode(byte_reader& in, std::pair<A, B>& value) {
    in.read(value.first) && in.read(value.second);
  }
};

/// The members in order, nothing in between.
template <class... Ts>
  requires(has_codec<Ts> && ...)
struct codec<std::tuple<Ts...>> {
  static constexpr std::size_t min_encoded_size = (std::size_t{0} + ... + min_encoded_size_v<Ts>);
  static void encode(byte_writer& out, const std::tuple<Ts...>& value) {
    std::apply([&](const auto&... xs) { (out.write(xs), ...); }, value);
  }
  static void decode(byte_reader& in, std::tuple<Ts...>& value) {
    std::apply([&](auto&... xs) { (in.read(xs) && ...); }, value);
  }
};

/// The N elements in order, no length (it is part of the type).
template <class T, std::size_t N>
  requires has_codec<T>
struct codec<std::array<T, N>> {
  static constexpr std::size_t min_encoded_size = N * min_encoded_size_v<T>;
  static void encode(byte_writer& out, const std::array<T, N>& value) {
    for (const auto& x : value)
      out.write(x);
  }
  static void decode(byte_reader& in, std::array<T, N>& value) {
    for (auto& x : value)
      if (!in.read(x))
        return;
  }
};

} // namespace weir
