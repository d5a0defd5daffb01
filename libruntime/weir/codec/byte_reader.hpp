#pragma once

#include <bit>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <span>
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

  /// Reads an element count or byte length. A count above the bytes left cannot be valid
  /// (every built-in encoding of an element takes at least one byte), so it fails with
  /// `truncated` before anything is allocated for it.
  bool read_length(std::size_t& out, const char* detail = "length") noexcept {
    std::uint64_t n = 0;
    if (!read_varint(n, detail))
      return false;
    if (n > remaining()) {
      fail(codec_errc::truncated, detail);
      return false;
    }
    out = static_cast<std::size_t>(n);
    return true;
  }

  /// Decodes a `T` with `codec<T>` into `out`; returns ok().
  template <class T>
  bool read(T& out) {
    if (ok())
      codec<T>::decode(*this, out);
    return ok();
  }

private:
  const std::byte* data_ = nullptr;
  std::size_t size_ = 0;
  std::size_t pos_ = 0;
  std::optional<codec_error> error_;
};

} // namespace weir
