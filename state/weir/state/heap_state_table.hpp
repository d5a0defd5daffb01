#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "weir/flow/key_group.hpp"
#include "weir/state/state_key_hash.hpp"

namespace weir::state {

/// The entries of one heap state, one hash map per key group (state key bytes -> V), so that
/// snapshotting or restoring some key groups touches only their maps.
///
/// Copy-on-write per key group: freeze() shares every map with a snapshot in O(key groups);
/// the next write to a shared map clones that map first, so the snapshot's view never changes
/// and can be serialized on another thread. Owned by the task's thread.
///
/// `Map` is the per-group map: std::unordered_map by default, flat_bytes_map for the states
/// that keep one value per key (heap_cell_state). It must be copy-constructible (the clone).
template <class V, class Map = std::unordered_map<std::string, V, state_key_hasher>>
class heap_state_table {
public:
  using map_type = Map;
  using frozen = std::vector<std::shared_ptr<const map_type>>;

  explicit heap_state_table(flow::key_group_range range)
    : range_(range), groups_(range.size()) {}

  /// The map of `group` for reading, or null if it never had entries.
  [[nodiscard]] const map_type* find_group(flow::key_group group) const noexcept {
    return groups_[group.value - range_.first].get();
  }

  /// The map of `group` for writing, cloned first if a snapshot still shares it.
  map_type& mutable_group(flow::key_group group) {
    auto& slot = groups_[group.value - range_.first];
    if (!slot) {
      slot = std::make_shared<map_type>();
    } else if (slot.use_count() > 1) {
      slot = std::make_shared<map_type>(*slot);
    } else {
      // use_count() is a relaxed load: pair it with the snapshot's release of its reference
      // so its last reads happen before our writes.
      std::atomic_thread_fence(std::memory_order_acquire);
    }
    return *slot;
  }

  /// True if `map` is still the map of `group` and no snapshot shares it: then an entry found
  /// in it may be written in place, without mutable_group.
  [[nodiscard]] bool writable_in_place(flow::key_group group, const map_type* map) const noexcept {
    const auto& slot = groups_[group.value - range_.first];
    if (map == nullptr || slot.get() != map || slot.use_count() != 1)
      return false;
    std::atomic_thread_fence(std::memory_order_acquire); // as in mutable_group
    return true;
  }

  /// Shares all maps with a snapshot (index = key group - first).
  [[nodiscard]] frozen freeze() const {
    return frozen(groups_.begin(), groups_.end());
  }

  [[nodiscard]] flow::key_group_range range() const noexcept { return range_; }

private:
  flow::key_group_range range_;
  std::vector<std::shared_ptr<map_type>> groups_;
};

} // namespace weir::state
