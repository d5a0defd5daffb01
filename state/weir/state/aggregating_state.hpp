#pragma once

#include <optional>

#include "weir/state/keyed_state.hpp"

namespace weir::state {

/// An accumulator per key that add() feeds with the descriptor's aggregate function; get()
/// returns its result (Flink's AggregatingState<IN, OUT>).
template <class In, class Out>
class aggregating_state : public keyed_state {
public:
  /// The result for the current key, or nullopt if nothing was added.
  [[nodiscard]] virtual std::optional<Out> get() = 0;
  virtual void add(const In& value) = 0;
};

} // namespace weir::state
