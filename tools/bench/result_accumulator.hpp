#pragma once

#include <cstdint>
#include <mutex>

#include "bench/stateless_totals.hpp"

namespace weir::bench {

/// Where the parallel sink instances of one job add their partial totals. Each instance
/// accumulates on its own task thread and adds once, in finish(); this lock is taken once per
/// instance, never per record. Owned by the code that runs the job and outlives it.
class result_accumulator {
public:
  /// Adds one instance's partial totals; `latency` may be null (no latencies recorded).
  void add(std::uint64_t results, std::int64_t checksum_units,
           const latency_histogram* latency) {
    std::lock_guard guard{mtx_};
    totals_.results += results;
    totals_.checksum_units += checksum_units;
    if (latency != nullptr)
      totals_.latency.merge(*latency);
    ++instances_;
  }
  /// The sum so far; read after execute() returned.
  [[nodiscard]] const stateless_totals& totals() const noexcept { return totals_; }
  /// How many sink instances reported.
  [[nodiscard]] int instances() const noexcept { return instances_; }

private:
  std::mutex mtx_;
  stateless_totals totals_;
  int instances_ = 0;
};

} // namespace weir::bench
