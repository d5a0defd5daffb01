#pragma once

#include <bit>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <new>
#include <optional>
#include <span>
#include <stdexcept>
#include <string_view>

#include "weir/codec/byte_writer.hpp"
#include "weir/codec/codec_error.hpp"
#include "weir/codec/codec_fwd.hpp"

namespace weir {

/// Reads encoded values from a byte span it does not own. Bounds are checked on every read;
/// the first failure is recorded (`error()`) and makes every later read fail, so a codec can
/// read a whole structure and check once at the end. Not thread-safe.
class byte_reader {
public:
  explicit byte_reader(std::span<const std::byte> input) noexcept
    : data_(input.data()), size_(input.size()) {}
  explicit byte_reader(std::string_view input) noexcept
    : data_(reinterpret_cast<const std::byte*>(input.data())), size_(input.size()) {}

  [[nodiscard]] bool ok() const noexcept { return !error_; }
  [[nodiscard]] const std::optional<codec_error>& error() const noexcept { return error_; }
  [[nodiscard]] std::size_t position() const noexcept { return pos_; }
  [[nodiscard]] std::size_t remaining() const noexcept { return ok() ? size_ - pos_ : 0; }
  [[nodiscard]] bool at_end() const noexcept { return pos_ == size_; }

  /// Records a failure at the current position (the first one wins). `detail` must be a
  /// string literal or otherwise outlive the reader's error.
  void fail(codec_errc code, const char* detail) noexcept {
    if (!error_)
      error_ = codec_error{code, pos_, detail};
  }

  /// Consumes `size` bytes and returns them, or fails with `truncated`.
  [[nodiscard]] std::optional<std::span<const std::byte>> take(std::size_t size,
                                                               const char* detail) noexcept {
    if (!ok())
      return std::nullopt;
    if (size > size_ - pos_) {
      fail(codec_errc::truncated, detail);
      return std::nullopt;
    }
    auto out = std::span<const std::byte>{data_ + pos_, size};
    pos_ += size;
    return out;
  }

  /// Reads a fixed-width little-endian unsigned integer.
  template <std::unsigned_integral U>
  bool read_le(U& out, const char* detail = "integer") noexcept {
    auto bytes = take(sizeof(U), detail);
    if (!bytes)
      return false;
    std::memcpy(&out, bytes->data(), sizeof(U));
    if constexpr (std::endian::native == std::endian::big)
      out = byte_writer::byteswap(out);
    return true;
  }

  /// Reads a LEB128 integer; more than 10 bytes or bits beyond 64 are `corrupt`.
  bool read_varint(std::uint64_t& out, const char* detail = "varint") noexcept {
    std::uint64_t value = 0;
    for (int shift = 0; shift < 70; shift += 7) {
      auto byte = take(1, detail);
      if (!byte)
        return false;
      auto b = static_cast<std::uint64_t>((*byte)[0]);
      if (shift == 63 && (b & 0x7e) != 0) {
        fail(codec_errc::corrupt, detail);
        return false;
      }
      value |= (b & 0x7f) << shift;
      if ((b & 0x80) == 0) {
        out = value;
        return true;
      }
    }
    fail(codec_errc::corrupt, detail);
    return false;
  }

  /// Reads a byte length: a length above the bytes left cannot be valid, so it fails with
  /// `truncated` before anything is allocated for it.
  bool read_length(std::size_t& out, const char* detail = "length") noexcept {
    return read_count(out, 1, detail);
  }

  /// Reads an element count of elements that each encode to at least `min_element_size`
  /// bytes (min_encoded_size_v of the element type; 0 is taken as 1). A count whose elements
  /// could not fit in the bytes left fails with `truncated` before anything is allocated, so
  /// what a decoder reserves for it is bounded by the input's size.
  bool read_count(std::size_t& out, std::size_t min_element_size,
                  const char* detail = "count") noexcept {
    std::uint64_t n = 0;
    if (!read_varint(n, detail))
      return false;
    auto fits = remaining() / (min_element_size == 0 ? 1 : min_element_size);
    if (n > fits) {
      fail(codec_errc::truncated, detail);
      return false;
    }
    out = static_cast<std::size_t>(n);
    return true;
  }

  /// Decodes a `T` with `codec<T>` into `out`; returns ok(). Never throws: an allocation
  /// failure inside the codec is recorded as `too_large`, any other exception a decoder
  /// throws as `corrupt`.
  template <class T>
  bool read(T& out) noexcept {
    if (!ok())
      return false;
    try {
      codec<T>::decode(*this, out);
    } catch (const std::bad_alloc&) {
      fail(codec_errc::too_large, "allocation while decoding");
    } catch (const std::length_error&) {
      fail(codec_errc::too_large, "allocation while decoding");
    } catch (...) {
      fail(codec_errc::corrupt, "a decoder threw");
    }
    return ok();
  }

private:
  const std::byte* data_ = nullptr;
  std::size_t size_ = 0;
  std::size_t pos_ = 0;
  std::optional<codec_error> error_;
};

} // namespace weir
