#pragma once

#include "weir/state/rocksdb_state.hpp"
#include "weir/state/value_state.hpp"
#include "weir/state/value_state_descriptor.hpp"

namespace weir::state {

/// value_state<T> on RocksDB.
template <class T>
class rocksdb_value_state final : public rocksdb_cell_state<T, value_state<T>> {
public:
  rocksdb_value_state(const key_context& ctx, const value_state_descriptor<T>& d,
                      rocksdb_column& column)
    : rocksdb_cell_state<T, value_state<T>>(ctx, d, column) {}

  std::optional<T> value() override { return this->read(false); }
  void update(T value) override { this->write(value); }
};

} // namespace weir::state
