#pragma once

#include <cstdint>

namespace weir::state {

/// The kind of a keyed state; recorded in snapshots so a restored state is checked against
/// the descriptor that later declares it.
enum class state_kind : std::uint8_t { value = 1, list = 2, map = 3, reducing = 4, aggregating = 5 };

[[nodiscard]] constexpr const char* to_string(state_kind kind) noexcept {
  switch (kind) {
    case state_kind::value: return "value";
    case state_kind::list: return "list";
    case state_kind::map: return "map";
    case state_kind::reducing: return "reducing";
    case state_kind::aggregating: return "aggregating";
  }
  return "unknown";
}

} // namespace weir::state
