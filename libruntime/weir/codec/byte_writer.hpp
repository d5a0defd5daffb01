#pragma once

#include <bit>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "weir/codec/codec_fwd.hpp"

namespace weir {

/// Appends encoded values to a caller-owned buffer: a std::string (RocksDB keys and values) or
/// a std::vector<std::byte> (wire payloads). Never clears the buffer, so several values can be
/// concatenated. Not thread-safe; lives as long as one encode call.
class byte_writer {
public:
  explicit byte_writer(std::string& out) noexcept : str_(&out) {}
  explicit byte_writer(std::vector<std::byte>& out) noexcept : vec_(&out) {}

  /// Appends `size` raw bytes.
  void write_bytes(const void* data, std::size_t size) {
    auto* p = static_cast<const char*>(data);
    if (str_ != nullptr) {
      str_->append(p, size);
    } else {
      auto* b = reinterpret_cast<const std::byte*>(p);
      vec_->insert(vec_->end(), b, b + size);
    }
  }

  void write_bytes(std::string_view bytes) { write_bytes(bytes.data(), bytes.size()); }

  /// Appends an unsigned integer as fixed-width little endian.
  template <std::unsigned_integral U>
  void write_le(U value) {
    if constexpr (std::endian::native == std::endian::big)
      value = byteswap(value);
    write_bytes(&value, sizeof(U));
  }

  /// Appends an unsigned integer as LEB128 (1 byte below 128, at most 10 bytes).
  void write_varint(std::uint64_t value) {
    char buf[10];
    std::size_t n = 0;
    while (value >= 0x80) {
      buf[n++] = static_cast<char>((value & 0x7f) | 0x80);
      value >>= 7;
    }
    buf[n++] = static_cast<char>(value);
    write_bytes(buf, n);
  }

  /// Appends `value` with `codec<T>`.
  template <class T>
  void write(const T& value) {
    codec<T>::encode(*this, value);
  }

  /// Bytes in the underlying buffer (including what was there before).
  [[nodiscard]] std::size_t size() const noexcept {
    return str_ != nullptr ? str_->size() : vec_->size();
  }

  template <std::unsigned_integral U>
  static constexpr U byteswap(U value) noexcept {
    U out = 0;
    for (std::size_t i = 0; i < sizeof(U); ++i) {
      out = static_cast<U>((out << 8) | (value & 0xff));
      value = static_cast<U>(value >> 8);
    }
    return out;
  }

private:
  std::string* str_ = nullptr;
  std::vector<std::byte>* vec_ = nullptr;
};

} // namespace weir
