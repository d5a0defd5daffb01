#pragma once

#include <cstdint>
#include <string>

namespace weir::bench {

/// One completed checkpoint as seen from outside the job, in its directory
/// `<checkpoint dir>/<job id>/chk-<n>/`.
struct checkpoint_sample {
  std::string job_id;
  std::uint64_t id = 0;
  /// When the coordinator triggered it: the manifest's `timestamp_ms` (the job's wall clock,
  /// ms since the epoch, taken right after it created chk-<n>/).
  std::int64_t trigger_ms = 0;
  /// When it completed: the modification time of chk-<n>/ (ns since the epoch), which the
  /// rename of the finished `_metadata` into it sets last (parts are written before; the
  /// coordinator renames the manifest only once every task acknowledged).
  std::int64_t completed_ns = 0;
  /// Bytes the tasks wrote for it, as the manifest sums them (total_bytes()).
  std::uint64_t bytes = 0;
  /// Size of the files under chk-<n>/ when the watcher found it.
  std::uint64_t disk_bytes = 0;

  /// Trigger to completion, in ms (the trigger's ms resolution bounds its precision).
  [[nodiscard]] double duration_ms() const noexcept {
    return static_cast<double>(completed_ns) / 1e6 - static_cast<double>(trigger_ms);
  }
};

} // namespace weir::bench
