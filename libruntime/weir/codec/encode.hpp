#pragma once

#include <cstddef>
#include <new>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "weir/codec/codec.hpp"
#include "weir/codec/decode_result.hpp"

namespace weir {

/// Appends the encoding of `value` to `out`.
template <class T>
void encode(const T& value, std::string& out) {
  byte_writer w{out};
  codec<T>::encode(w, value);
}

/// Appends the encoding of `value` to `out`.
template <class T>
void encode(const T& value, std::vector<std::byte>& out) {
  byte_writer w{out};
  codec<T>::encode(w, value);
}

/// Decodes a `T` that must fill `input` exactly: a short input is `truncated`, leftover bytes
/// are `trailing_bytes`, and bad bytes are `corrupt`. Never throws: what a decoder, T's
/// constructor or an allocation throws becomes an error (`too_large` for bad_alloc).
/// Allocates no more than the input's bytes justify (see min_encoded_size in codec.hpp).
template <class T>
decode_result<T> decode(std::span<const std::byte> input) noexcept {
  byte_reader r{input};
  try {
    T value{};
    r.read(value);
    if (r.ok() && !r.at_end())
      r.fail(codec_errc::trailing_bytes, "after value");
    if (r.ok())
      return value;
  } catch (const std::bad_alloc&) {
    r.fail(codec_errc::too_large, "allocation while decoding");
  } catch (...) {
    r.fail(codec_errc::corrupt, "a decoder threw");
  }
  return *r.error();
}

template <class T>
decode_result<T> decode(std::string_view input) noexcept {
  return decode<T>(std::span<const std::byte>{
    reinterpret_cast<const std::byte*>(input.data()), input.size()});
}

} // namespace weir
