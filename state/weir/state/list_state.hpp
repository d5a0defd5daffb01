#pragma once

#include <vector>

#include "weir/state/keyed_state.hpp"

namespace weir::state {

/// A list of values per key (Flink's ListState). With TTL, each element expires on its own.
template <class T>
class list_state : public keyed_state {
public:
  /// The elements of the current key in insertion order; empty if none.
  [[nodiscard]] virtual std::vector<T> get() = 0;
  /// Appends one element.
  virtual void add(T value) = 0;
  /// Appends the elements in order.
  virtual void add_all(const std::vector<T>& values) = 0;
  /// Replaces the list (an empty vector clears it).
  virtual void update(const std::vector<T>& values) = 0;
};

} // namespace weir::state
