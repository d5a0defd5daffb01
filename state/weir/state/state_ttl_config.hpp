#pragma once

#include <chrono>

namespace weir::state {

/// When the last-access timestamp of a state entry is refreshed (Flink's UpdateType).
enum class ttl_update_type {
  on_create_and_write, ///< on create and write only (the default)
  on_read_and_write,   ///< on reads too
};

/// Whether an expired entry that is still stored may be read (Flink's StateVisibility).
enum class ttl_state_visibility {
  never_return_expired,             ///< expired entries read as absent (the default)
  return_expired_if_not_cleaned_up, ///< returned once, by the read that cleans them up
};

/// Time to live of keyed state entries (Flink's StateTtlConfig). An entry expires `ttl` after
/// its last access timestamp (per element for list state, per entry for map state). A read
/// that finds an expired entry removes it (cleanup on read); entries nobody reads are removed
/// by keyed_state_backend::cleanup_expired, which the operator calls a bounded amount at a
/// time (incremental background cleanup).
struct state_ttl_config {
  /// Time to live, > 0.
  std::chrono::milliseconds ttl{0};
  ttl_update_type update_type = ttl_update_type::on_create_and_write;
  ttl_state_visibility visibility = ttl_state_visibility::never_return_expired;
};

} // namespace weir::state
