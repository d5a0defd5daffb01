#pragma once

#include <cstdint>
#include <filesystem>

namespace weir::state {

/// What a finished operator-state snapshot wrote (the state handle an acknowledgement
/// will carry): one file in `directory`.
struct operator_state_snapshot {
  std::filesystem::path directory;
  std::filesystem::path file;
  std::uint64_t states = 0;
  std::uint64_t entries = 0;
  std::uint64_t bytes = 0;
};

} // namespace weir::state
