#pragma once

#include <cstddef>
#include <cstdint>

#include "weir/flow/key_group.hpp"
#include "weir/state/keyed_state.hpp"

namespace weir::state {

/// The backend's side of a registered state, beside the user-facing handle it implements.
class internal_state {
public:
  virtual ~internal_state() = default;

  /// The handle users get (value_state<T>, list_state<T> ...).
  [[nodiscard]] virtual keyed_state& user_state() noexcept = 0;

  /// Removes entries of `group` that expired at `now_ms`; adds the number of entries looked
  /// at to `checked` and returns the number removed. A no-op without TTL.
  virtual std::size_t cleanup_expired(flow::key_group group, std::int64_t now_ms,
                                      std::size_t& checked) = 0;
};

} // namespace weir::state
