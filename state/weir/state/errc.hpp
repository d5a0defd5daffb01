#pragma once

namespace weir::state {

/// Error domain of keyed state and its backends.
enum class errc {
  no_current_key,          ///< state was accessed outside a keyed context (no set_current_key)
  key_group_out_of_range,  ///< a key group this backend does not own
  incompatible_state,      ///< a state name declared again with another kind or type
  incompatible_snapshot,   ///< a restored state declared with another kind, type or TTL
  invalid_configuration,   ///< a backend option or descriptor is out of range
  snapshot_missing,        ///< a snapshot directory or file does not exist
  snapshot_truncated,      ///< a snapshot file ends early
  snapshot_corrupt,        ///< a checksum mismatch or undecodable bytes in a snapshot
  snapshot_version,        ///< a snapshot written in another format version
  decode_failed,           ///< stored bytes did not decode with the state's codec
  io_error,                ///< reading or writing a file failed
  rocksdb_error,           ///< RocksDB returned an error status
};

/// Returns the lower-case name of `code`, e.g. "no_current_key".
[[nodiscard]] const char* to_string(errc code) noexcept;

} // namespace weir::state
