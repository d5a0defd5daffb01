#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "weir/state/keyed_state_backend.hpp"

namespace weir::state {

/// Keeps keyed state as objects on the task's heap (Flink's HashMapStateBackend): per state a
/// hash map per key group, values stored unserialized, so an access costs a hash lookup and
/// no encoding. Snapshots freeze the maps copy-on-write (O(key groups) on the task thread) and
/// serialize them in the job. Restored entries of states not yet declared are kept as bytes
/// until a descriptor declares them (and are carried into later snapshots until then).
class heap_keyed_state_backend final : public keyed_state_backend {
public:
  explicit heap_keyed_state_backend(const keyed_state_backend_config& config);
  ~heap_keyed_state_backend() override;

  [[nodiscard]] snapshot_job snapshot_sync(std::filesystem::path directory) override;
  result<void> restore(const std::vector<std::filesystem::path>& directories) override;
  [[nodiscard]] std::vector<state_meta> states() const override;

protected:
  result<void> on_register(registered_state& state) override;

private:
  /// Restored records of a state nobody declared yet, per key group (index = group - first).
  struct pending_state {
    state_meta meta;
    std::filesystem::path file; ///< the snapshot it was restored from, for messages
    std::shared_ptr<std::vector<std::vector<std::pair<std::string, std::string>>>> groups;
  };

  std::vector<pending_state> pending_;
};

} // namespace weir::state
