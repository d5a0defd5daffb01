#pragma once

#include "weir/state/heap_cell_state.hpp"
#include "weir/state/reducing_state.hpp"
#include "weir/state/reducing_state_descriptor.hpp"

namespace weir::state {

/// reducing_state<T> on the heap. An expired value is not folded into: add() starts afresh.
template <class T>
class heap_reducing_state final : public heap_cell_state<T, reducing_state<T>> {
public:
  heap_reducing_state(const key_context& ctx, const reducing_state_descriptor<T>& d)
    : heap_cell_state<T, reducing_state<T>>(ctx, d), reduce_(d.reduce()) {}

  std::optional<T> get() override { return this->read(false); }
  void add(const T& value) override {
    auto current = this->read(true);
    this->write(current ? reduce_(*current, value) : value);
  }

private:
  typename reducing_state_descriptor<T>::reduce_function reduce_;
};

} // namespace weir::state
