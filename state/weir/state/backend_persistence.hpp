#pragma once

#include <memory>

#include "weir/flow/state_persistence.hpp"

namespace weir::state {

/// Checkpoints and restores operators' state with the state layer: the keyed backend (heap or
/// RocksDB) to `<dir>/keyed`, the operator backend (lists, broadcast state, and the list
/// parts operators write, such as source positions) to `<dir>/operator`, and the key-grouped
/// parts operators write (timers, window contents) to `<dir>/extras`, in the keyed snapshot
/// format so that they redistribute by key group like keyed state.
class backend_persistence final : public flow::state_persistence {
public:
  [[nodiscard]] part_writer snapshot(flow::operator_base& op, checkpoint_id id,
                                     const std::filesystem::path& checkpoint_dir,
                                     const std::string& relative_dir) const override;
  void restore(flow::operator_base& op, const std::filesystem::path& checkpoint_dir,
               const checkpoint::operator_snapshot* snapshot) const override;
};

/// The persistence the actor layer hands to every task.
[[nodiscard]] std::shared_ptr<const flow::state_persistence> make_backend_persistence();

} // namespace weir::state
