#pragma once

#include <vector>

namespace weir::flow {

/// How records of an edge are spread over the downstream instances (Flink's partitioners).
enum class partitioner_kind {
  forward,   ///< instance i to instance i; needs equal parallelism; chains
  rebalance, ///< round-robin over all downstream instances
  rescale,   ///< round-robin over a local subset of downstream instances
  shuffle,   ///< uniformly at random
  broadcast, ///< every record to every downstream instance
  key_group, ///< by key: hash -> key group -> owning instance (key_by)
  custom,    ///< a user partitioner over a key (partition_custom)
};

const char* to_string(partitioner_kind kind) noexcept;

/// True for patterns where each sender connects to a subset of receivers (forward, rescale).
[[nodiscard]] bool is_pointwise(partitioner_kind kind) noexcept;

/// Downstream instances that upstream instance `sender` of `senders` connects to, in order.
[[nodiscard]] std::vector<int> connected_receivers(partitioner_kind kind, int senders,
                                                   int receivers, int sender);

} // namespace weir::flow
