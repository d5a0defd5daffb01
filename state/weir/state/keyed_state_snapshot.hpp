#pragma once

#include <cstdint>
#include <filesystem>

#include "weir/flow/key_group.hpp"

namespace weir::state {

/// What a finished keyed-state snapshot wrote (the state handle an acknowledgement carries):
/// one file in `directory` covering `key_groups`.
struct keyed_state_snapshot {
  std::filesystem::path directory;
  std::filesystem::path file;
  flow::key_group_range key_groups{};
  std::uint64_t entries = 0;
  std::uint64_t bytes = 0;
};

} // namespace weir::state
