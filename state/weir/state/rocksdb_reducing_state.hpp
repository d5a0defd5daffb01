#pragma once

#include "weir/state/reducing_state.hpp"
#include "weir/state/reducing_state_descriptor.hpp"
#include "weir/state/rocksdb_state.hpp"

namespace weir::state {

/// reducing_state<T> on RocksDB (read, reduce, write).
template <class T>
class rocksdb_reducing_state final : public rocksdb_cell_state<T, reducing_state<T>> {
public:
  rocksdb_reducing_state(const key_context& ctx, const reducing_state_descriptor<T>& d,
                         rocksdb_column& column)
    : rocksdb_cell_state<T, reducing_state<T>>(ctx, d, column), reduce_(d.reduce()) {}

  std::optional<T> get() override { return this->read(false); }
  void add(const T& value) override {
    auto current = this->read(true);
    this->write(current ? reduce_(*current, value) : value);
  }

private:
  typename reducing_state_descriptor<T>::reduce_function reduce_;
};

} // namespace weir::state
