#pragma once

#include "weir/state/aggregating_state.hpp"
#include "weir/state/aggregating_state_descriptor.hpp"
#include "weir/state/rocksdb_state.hpp"

namespace weir::state {

/// aggregating_state<In, Out> on RocksDB; stores the Acc.
template <class In, class Acc, class Out>
class rocksdb_aggregating_state final
  : public rocksdb_cell_state<Acc, aggregating_state<In, Out>> {
public:
  rocksdb_aggregating_state(const key_context& ctx,
                            const aggregating_state_descriptor<In, Acc, Out>& d,
                            rocksdb_column& column)
    : rocksdb_cell_state<Acc, aggregating_state<In, Out>>(ctx, d, column), function_(d) {}

  std::optional<Out> get() override {
    auto acc = this->read(false);
    if (!acc)
      return std::nullopt;
    return function_.get_result(*acc);
  }
  void add(const In& value) override {
    auto acc = this->read(true);
    this->write(function_.add(value, acc ? std::move(*acc) : function_.create_accumulator()));
  }

private:
  aggregating_state_descriptor<In, Acc, Out> function_;
};

} // namespace weir::state
