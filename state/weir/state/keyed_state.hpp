#pragma once

#include <string_view>

namespace weir::state {

/// Root of the keyed state handles (Flink's State). Every call acts on the backend's current
/// key and on this state's current namespace; the handle lives as long as its backend and is
/// used on the task's thread only. Accessing it with no current key throws state_exception
/// (errc::no_current_key).
class keyed_state {
public:
  virtual ~keyed_state() = default;

  /// Removes the value of the current key and namespace.
  virtual void clear() = 0;

  /// Scopes later calls to `ns` (encoded bytes, e.g. of a window); empty is the default
  /// namespace. For operators (windows), not user functions.
  virtual void set_current_namespace(std::string_view ns) = 0;
};

} // namespace weir::state
