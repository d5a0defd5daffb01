#pragma once

#include <optional>

#include "weir/state/keyed_state.hpp"

namespace weir::state {

/// One value per key (Flink's ValueState). Get one from keyed_state_backend::get_state with
/// a value_state_descriptor<T>.
template <class T>
class value_state : public keyed_state {
public:
  /// The value of the current key, or nullopt if there is none (or it expired).
  [[nodiscard]] virtual std::optional<T> value() = 0;
  /// Sets the value of the current key.
  virtual void update(T value) = 0;
};

} // namespace weir::state
