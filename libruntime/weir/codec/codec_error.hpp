#pragma once

#include <cstddef>
#include <string>

#include "weir/codec/codec_errc.hpp"

namespace weir {

/// A decoding failure: what went wrong and at which byte offset of the input. `detail` is a
/// static string naming the value being decoded (e.g. "string length"), so recording an error
/// never allocates.
struct codec_error {
  codec_errc code = codec_errc::corrupt;
  std::size_t offset = 0;
  const char* detail = "";

  /// "truncated at byte 12 (string length)"
  [[nodiscard]] std::string to_string() const {
    return std::string{weir::to_string(code)} + " at byte " + std::to_string(offset) + " ("
           + detail + ")";
  }
};

} // namespace weir
