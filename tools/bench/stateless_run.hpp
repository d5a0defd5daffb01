#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>

#include "bench/stateless_totals.hpp"
#include "weir/error.hpp"

namespace weir::bench {

/// One timed run of the stateless workload, by the plain loop or by Weir.
struct stateless_run {
  stateless_totals totals;
  /// Wall time of the whole run; for Weir from execute() to its return, so it includes
  /// starting and stopping the mini cluster.
  std::chrono::nanoseconds elapsed{0};
  /// Set when the job failed; the totals are then incomplete.
  std::optional<error> failure;
  /// Weir runs: checkpoints the job completed (job_execution_result::completed_checkpoints,
  /// the final one at the end of input included) and its restarts.
  std::uint64_t completed_checkpoints = 0;
  std::size_t restarts = 0;
  /// Whether the last restart restored a checkpoint (false: it started over, or none).
  bool restored_checkpoint = false;

  /// A plain loop's run that started at `start` and ends now with these totals.
  [[nodiscard]] static stateless_run finished(std::chrono::steady_clock::time_point start,
                                              std::uint64_t results, std::int64_t checksum_units) {
    stateless_run run;
    run.elapsed = std::chrono::steady_clock::now() - start;
    run.totals.results = results;
    run.totals.checksum_units = checksum_units;
    return run;
  }

  [[nodiscard]] double elapsed_seconds() const noexcept {
    return std::chrono::duration<double>(elapsed).count();
  }
  /// Source events per second of wall time.
  [[nodiscard]] double events_per_sec(std::uint64_t events) const noexcept {
    auto s = elapsed_seconds();
    return s > 0 ? static_cast<double>(events) / s : 0.0;
  }
};

} // namespace weir::bench
