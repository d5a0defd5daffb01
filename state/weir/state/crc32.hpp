#pragma once

#include <cstdint>
#include <string_view>

namespace weir::state {

/// CRC-32 (IEEE 802.3, as zlib) of `bytes`, continuing from `crc` (0 to start). Guards heap
/// snapshot blocks against corruption.
[[nodiscard]] std::uint32_t crc32(std::string_view bytes, std::uint32_t crc = 0) noexcept;

} // namespace weir::state
