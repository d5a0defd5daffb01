#pragma once

namespace weir {

/// Why decoding bytes failed. Decoding never throws and never reads past its input: a
/// `byte_reader` records the first of these and every later read fails.
enum class codec_errc {
  truncated,      ///< the input ends before the value does
  corrupt,        ///< a byte sequence no encoder produces (bad tag, overlong varint, duplicate key)
  trailing_bytes, ///< a whole-buffer decode left bytes unread
  too_large,      ///< decoding needed more memory than could be allocated
};

/// Returns the lower-case name of `code`, e.g. "truncated".
[[nodiscard]] constexpr const char* to_string(codec_errc code) noexcept {
  switch (code) {
    case codec_errc::truncated: return "truncated";
    case codec_errc::corrupt: return "corrupt";
    case codec_errc::trailing_bytes: return "trailing_bytes";
    case codec_errc::too_large: return "too_large";
  }
  return "unknown";
}

} // namespace weir
