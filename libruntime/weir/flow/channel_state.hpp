#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "weir/error.hpp"

namespace weir::flow {

/// One in-flight batch stored by an unaligned checkpoint (Flink's channel state): a batch
/// that was received and not yet processed (input) or produced and not yet sent for lack of
/// credit (output) when the barrier overtook it. `bytes` is type_ops::encode_batch's.
struct channel_state_entry {
  bool output = false;
  std::uint32_t channel = 0;
  std::string bytes;
  bool operator==(const channel_state_entry&) const = default;
};

/// Writes `entries` to `file` (magic, entries, checksum); returns the bytes written.
[[nodiscard]] std::variant<std::uint64_t, error>
write_channel_state(const std::filesystem::path& file,
                    const std::vector<channel_state_entry>& entries);

/// Reads what write_channel_state wrote; a missing, truncated or damaged file is an error
/// naming it.
[[nodiscard]] std::variant<std::vector<channel_state_entry>, error>
read_channel_state(const std::filesystem::path& file);

} // namespace weir::flow
