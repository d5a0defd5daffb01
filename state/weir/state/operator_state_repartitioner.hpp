#pragma once

#include <vector>

#include "weir/state/operator_state_image.hpp"
#include "weir/state/result.hpp"

namespace weir::state {

/// Decides which operator state each instance gets when a job is restored at another
/// parallelism (Flink's RoundRobinOperatorStateRepartitioner):
///
/// - split-distribute lists: the elements of all old instances, in old subtask order, are
/// cut
///   into `parallelism` contiguous runs whose sizes differ by at most one (the first
///   instances get the extra elements), so every element lands in exactly one instance.
///   At unchanged parallelism every instance keeps its own list.
/// - union lists: every instance gets all elements of all old instances.
/// - broadcast state: instance i gets the map of old instance i mod old parallelism (all
///   copies are equal when broadcast functions are deterministic, as Flink requires).
class operator_state_repartitioner {
public:
  /// `old` holds one image per old instance, in any order; it must be the complete set of
  /// one operator's snapshots (subtasks 0..n-1 of parallelism n). Returns what instance
  /// `index` of `parallelism` restores.
  static result<operator_state_image> repartition(std::vector<operator_state_image> old, int index,
                                                  int parallelism);
};

} // namespace weir::state
