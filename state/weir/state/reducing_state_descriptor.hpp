#pragma once

#include <functional>
#include <string>
#include <utility>

#include "weir/state/reducing_state.hpp"
#include "weir/state/state_descriptor.hpp"
#include "weir/state/state_kind.hpp"

namespace weir::state {

/// Declares a reducing_state<T> with a function `T(const T& acc, const T& value)` that folds a
/// new value into the current one.
template <class T>
class reducing_state_descriptor : public state_descriptor {
public:
  using state_type = reducing_state<T>;
  using reduce_function = std::function<T(const T&, const T&)>;
  static constexpr state_kind kind = state_kind::reducing;

  reducing_state_descriptor(std::string name, reduce_function reduce)
    : state_descriptor(std::move(name)), reduce_(std::move(reduce)) {}

  [[nodiscard]] const reduce_function& reduce() const noexcept { return reduce_; }

private:
  reduce_function reduce_;
};

} // namespace weir::state
