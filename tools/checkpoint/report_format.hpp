#pragma once

#include <cstdint>
#include <string>

namespace weir::checkpoint_tool {

/// `ms` since the epoch as UTC ISO 8601 with milliseconds, "2023-11-14T22:13:20.123Z".
[[nodiscard]] std::string utc_time(std::int64_t ms);

/// A byte count for people: "812 B", "4.2 KiB", "1.5 GiB".
[[nodiscard]] std::string human_bytes(std::uint64_t bytes);

} // namespace weir::checkpoint_tool
