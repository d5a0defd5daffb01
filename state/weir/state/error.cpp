#include "weir/state/error.hpp"

namespace weir::state {

const char* to_string(errc code) noexcept {
  switch (code) {
    case errc::no_current_key: return "no_current_key";
    case errc::key_group_out_of_range: return "key_group_out_of_range";
    case errc::incompatible_state: return "incompatible_state";
    case errc::incompatible_snapshot: return "incompatible_snapshot";
    case errc::invalid_configuration: return "invalid_configuration";
    case errc::snapshot_missing: return "snapshot_missing";
    case errc::snapshot_truncated: return "snapshot_truncated";
    case errc::snapshot_corrupt: return "snapshot_corrupt";
    case errc::snapshot_version: return "snapshot_version";
    case errc::decode_failed: return "decode_failed";
    case errc::io_error: return "io_error";
    case errc::rocksdb_error: return "rocksdb_error";
  }
  return "unknown";
}

std::string error::to_string() const {
  return std::string{state::to_string(code_)} + ": " + message_;
}

} // namespace weir::state
