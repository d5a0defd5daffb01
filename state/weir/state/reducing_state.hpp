#pragma once

#include <optional>

#include "weir/state/keyed_state.hpp"

namespace weir::state {

/// A value per key that add() folds new values into with the descriptor's reduce function
/// (Flink's ReducingState).
template <class T>
class reducing_state : public keyed_state {
public:
  /// The reduced value of the current key, or nullopt if nothing was added.
  [[nodiscard]] virtual std::optional<T> get() = 0;
  virtual void add(const T& value) = 0;
};

} // namespace weir::state
