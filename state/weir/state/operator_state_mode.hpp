#pragma once

#include <cstdint>

namespace weir::state {

/// How an operator state is redistributed when a job is restored at another parallelism
/// (Flink's OperatorStateHandle.Mode); recorded in operator-state snapshots.
enum class operator_state_mode : std::uint8_t {
  /// get_list_state: the elements of all old instances are split evenly over the new
  /// ones.
  split_distribute = 1,
  /// get_union_list_state: every new instance gets the elements of all old instances.
  union_distribute = 2,
  /// get_broadcast_state: every new instance gets one old instance's (identical) map.
  broadcast = 3,
};

[[nodiscard]] constexpr const char* to_string(operator_state_mode mode) noexcept {
  switch (mode) {
  case operator_state_mode::split_distribute:
    return "split-distribute list";
  case operator_state_mode::union_distribute:
    return "union list";
  case operator_state_mode::broadcast:
    return "broadcast";
  }
  return "unknown";
}

} // namespace weir::state
