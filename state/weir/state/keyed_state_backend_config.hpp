#pragma once

#include <memory>

#include "weir/flow/key_group.hpp"
#include "weir/state/clock.hpp"

namespace weir::state {

/// What every keyed backend needs to know about its operator instance.
struct keyed_state_backend_config {
  /// Key groups this instance owns (weir::flow::key_group_range_for_operator).
  flow::key_group_range key_groups{0, 127};
  /// Number of key groups, 1..32768; default 128 (as the environment's).
  int max_parallelism = 128;
  /// TTL time source; null means the system clock.
  std::shared_ptr<const clock> time_source;
};

} // namespace weir::state
