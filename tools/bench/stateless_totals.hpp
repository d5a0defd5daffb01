#pragma once

#include <cstdint>

#include "bench/latency_histogram.hpp"

namespace weir::bench {

/// What one run of the stateless workload computed: the records that reached the sink, their
/// integer checksum (see checksum_units) and, for rate-limited runs, the emission-to-sink
/// latencies.
struct stateless_totals {
  std::uint64_t results = 0;
  std::int64_t checksum_units = 0;
  latency_histogram latency;
};

} // namespace weir::bench
