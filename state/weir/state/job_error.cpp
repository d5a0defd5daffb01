#include "weir/state/job_error.hpp"

namespace weir::state {

weir::errc job_errc(errc code) noexcept {
  switch (code) {
    case errc::incompatible_state:
    case errc::invalid_configuration: return weir::errc::invalid_plan;
    case errc::io_error:
    case errc::snapshot_missing: return weir::errc::io_error;
    case errc::key_group_out_of_range: return weir::errc::internal;
    case errc::no_current_key:
    case errc::incompatible_snapshot:
    case errc::snapshot_truncated:
    case errc::snapshot_corrupt:
    case errc::snapshot_version:
    case errc::decode_failed:
    case errc::rocksdb_error: return weir::errc::state_error;
  }
  return weir::errc::state_error;
}

weir::error to_job_error(const error& err, const std::string& prefix) {
  return weir::error{job_errc(err.code()), prefix + err.message()};
}

} // namespace weir::state
