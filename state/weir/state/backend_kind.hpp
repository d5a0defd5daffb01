#pragma once

#include <optional>
#include <string_view>

#include "weir/state_backend_kind.hpp"

namespace weir::state {

/// Where keyed state lives: on the task's heap, or in a RocksDB instance per task. The
/// environment's configuration names it with the same enum.
using backend_kind = weir::state_backend_kind;

/// Parses "heap" or "rocksdb" (the examples' --state-backend flag).
[[nodiscard]] std::optional<backend_kind> parse_backend_kind(std::string_view text) noexcept;

[[nodiscard]] const char* to_string(backend_kind kind) noexcept;

} // namespace weir::state
