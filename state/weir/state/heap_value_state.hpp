#pragma once

#include "weir/state/heap_cell_state.hpp"
#include "weir/state/value_state.hpp"
#include "weir/state/value_state_descriptor.hpp"

namespace weir::state {

/// value_state<T> on the heap.
template <class T>
class heap_value_state final : public heap_cell_state<T, value_state<T>> {
public:
  heap_value_state(const key_context& ctx, const value_state_descriptor<T>& d)
    : heap_cell_state<T, value_state<T>>(ctx, d) {}

  std::optional<T> value() override { return this->read(false); }
  void update(T value) override { this->write(std::move(value)); }
};

} // namespace weir::state
