#pragma once

#include "bench/stateless_options.hpp"
#include "bench/stateless_run.hpp"

namespace weir::bench {

/// The stateless workload as a plain single-threaded loop, without Weir: the reference every
/// Weir figure is reported against. Honours `workload` and `slow_sink`; ignores the Weir
/// knobs and `rate` (it always runs unthrottled).
[[nodiscard]] stateless_run run_baseline(const stateless_options& options);

} // namespace weir::bench
