#pragma once

#include "bench/stateless_options.hpp"
#include "bench/stateless_run.hpp"

namespace weir::bench {

/// Runs the stateless workload as a Weir job on the embedded mini cluster:
///
///   generate (or paced_source with a rate) ─► map(to_celsius) ─[rebalance]─►
///     filter(is_hot) ─► counting_sink
///
/// every operator at `options.parallelism`. Without rebalance the chain is one task per
/// parallel instance; with it, map and filter run in different task actors and batches cross
/// mailboxes with credits. Blocks until the job ends.
[[nodiscard]] stateless_run run_weir(const stateless_options& options);

} // namespace weir::bench
