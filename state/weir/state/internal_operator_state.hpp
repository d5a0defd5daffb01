#pragma once

#include <vector>

#include "weir/state/operator_state_image.hpp"
#include "weir/state/result.hpp"

namespace weir::state {

/// The operator_state_backend's side of a registered operator state, beside the
/// user-facing handle it implements (list_state<T>, broadcast_state<K, V>).
class internal_operator_state {
public:
  virtual ~internal_operator_state() = default;

  /// Appends the encoded entries: the synchronous copy a snapshot takes.
  virtual void encode(std::vector<operator_state_image::entry>& out) const = 0;

  /// Decodes restored entries into the state; fails naming the state if one does not
  /// decode.
  virtual result<void> load(const std::vector<operator_state_image::entry>& entries) = 0;
};

} // namespace weir::state
