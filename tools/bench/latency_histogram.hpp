#pragma once

#include "weir/metrics/histogram.hpp"

namespace weir::bench {

/// Latencies in nanoseconds: the runtime's metric histogram (weir/metrics/histogram.hpp).
using latency_histogram = metrics::histogram;

} // namespace weir::bench
