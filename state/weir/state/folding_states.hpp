#pragma once

#include <optional>
#include <utility>

#include "weir/state/aggregating_state.hpp"
#include "weir/state/aggregating_state_descriptor.hpp"
#include "weir/state/reducing_state.hpp"
#include "weir/state/reducing_state_descriptor.hpp"

namespace weir::state {

// Reducing and aggregating state fold each added value into one stored cell; only the cell's
// storage differs between backends. `Cell` is heap_cell_state or rocksdb_cell_state, whose
// constructors take (key_context, descriptor, backend-specific arguments...).

/// reducing_state<T> over a cell of T. An expired value is not folded into: add() starts
/// afresh.
template <class T, template <class, class> class Cell>
class cell_reducing_state final : public Cell<T, reducing_state<T>> {
public:
  template <class... Storage>
  cell_reducing_state(const key_context& ctx, const reducing_state_descriptor<T>& d,
                      Storage&... storage)
    : Cell<T, reducing_state<T>>(ctx, d, storage...), reduce_(d.reduce()) {}

  std::optional<T> get() override { return this->read(false); }
  void add(const T& value) override {
    auto current = this->read(true);
    this->write(current ? reduce_(*current, value) : value);
  }

private:
  typename reducing_state_descriptor<T>::reduce_function reduce_;
};

/// aggregating_state<In, Out> over a cell of the accumulator. An expired accumulator is not
/// folded into: add() starts from a new one.
template <class In, class Acc, class Out, template <class, class> class Cell>
class cell_aggregating_state final : public Cell<Acc, aggregating_state<In, Out>> {
public:
  template <class... Storage>
  cell_aggregating_state(const key_context& ctx,
                         const aggregating_state_descriptor<In, Acc, Out>& d, Storage&... storage)
    : Cell<Acc, aggregating_state<In, Out>>(ctx, d, storage...), function_(d) {}

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
