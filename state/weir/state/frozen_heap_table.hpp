#pragma once

#include <memory>
#include <utility>

#include "weir/flow/key_group.hpp"
#include "weir/state/heap_state.hpp"
#include "weir/state/ttl_policy.hpp"

namespace weir::state {

/// The frozen key-group maps of one heap state table, written out group by group on the
/// snapshot's thread. `WriteMap` encodes one group's map:
/// write_map(const map_type&, const ttl_policy&, snapshot_entry_sink&). Value, list and map
/// states differ only in that function.
template <class Table, class WriteMap>
class frozen_heap_table final : public frozen_heap_state {
public:
  frozen_heap_table(typename Table::frozen maps, ttl_policy ttl, flow::key_group_range range,
                    WriteMap write_map)
    : maps_(std::move(maps)), ttl_(ttl), range_(range), write_map_(std::move(write_map)) {}

  void write(flow::key_group group, snapshot_entry_sink& sink) const override {
    if (const auto& map = maps_[group.value - range_.first])
      write_map_(*map, ttl_, sink);
  }

private:
  typename Table::frozen maps_;
  ttl_policy ttl_;
  flow::key_group_range range_;
  WriteMap write_map_;
};

/// Freezes `table` (copy-on-write per key group) for a snapshot written by `write_map`.
template <class Table, class WriteMap>
std::unique_ptr<frozen_heap_state> freeze_table(const Table& table, const ttl_policy& ttl,
                                                WriteMap write_map) {
  return std::make_unique<frozen_heap_table<Table, WriteMap>>(table.freeze(), ttl, table.range(),
                                                              std::move(write_map));
}

} // namespace weir::state
