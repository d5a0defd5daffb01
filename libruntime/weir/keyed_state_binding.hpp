#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "weir/flow/key_group.hpp"
#include "weir/state_backend_kind.hpp"

namespace weir::state {
class keyed_state_backend;
} // namespace weir::state

namespace weir {

/// The keyed state of one keyed operator instance, as its functions reach it through
/// runtime_context::get_state. The backend is created on the first get_state (so keyed
/// operators that keep no state pay nothing per record) by the state layer, which also sets
/// `set_key`. Lives as long as the operator; touched only by the task's thread.
struct keyed_state_binding {
  state_backend_kind kind = state_backend_kind::heap;
  std::string directory;               ///< RocksDB parent directory; empty = temp dir
  int max_parallelism = 128;
  flow::key_group_range key_groups{};
  bool key_has_codec = false;          ///< keyed state needs weir::codec<K> of the key
  std::string key_type;                ///< for the error when it has none
  std::shared_ptr<state::keyed_state_backend> backend; ///< null until first use
  /// Snapshot directories of every former instance when the job restores a checkpoint: the
  /// backend loads its key groups from them when it is created.
  std::vector<std::string> restore_directories;
  /// Makes (group, key bytes) the backend's current key; set together with `backend`.
  void (*set_key)(state::keyed_state_backend&, flow::key_group, std::string_view) = nullptr;
  /// Leaves the keyed context, so state access fails until the next set_key (broadcast
  /// elements of a keyed broadcast function have no key); set together with `backend`.
  void (*clear_key)(state::keyed_state_backend&) = nullptr;
  /// Background TTL cleanup: looks at up to `entries` entries, resuming where it stopped.
  void (*cleanup)(state::keyed_state_backend&, std::size_t entries) = nullptr;
  /// Called by runtime_context::get_state before it hands out a state, if set: an operator
  /// that makes the current key (and namespace) the backend's only when someone may read state
  /// (the window operator) does it here.
  void (*before_access)(void* op) = nullptr;
  void* before_access_arg = nullptr;
};

} // namespace weir
