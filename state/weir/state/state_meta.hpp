#pragma once

#include <string>

#include "weir/state/state_kind.hpp"

namespace weir::state {

/// What a snapshot records about a state so a restore can check it against its descriptor:
/// the name, the kind, the stored type and whether values carry TTL timestamps.
struct state_meta {
  std::string name;
  state_kind kind = state_kind::value;
  bool ttl = false;
  /// Readable name of what the state stores (stored_type_name): "int" for value_state<int>,
  /// "std::string -> long" for a map state, "accumulator Acc" for an aggregating state.
  std::string type;
  friend bool operator==(const state_meta&, const state_meta&) = default;
};

/// "a value state of int without TTL", for messages.
[[nodiscard]] inline std::string describe(const state_meta& m) {
  return std::string{m.kind == state_kind::aggregating ? "an " : "a "} + to_string(m.kind)
         + " state of " + m.type + (m.ttl ? " with TTL" : " without TTL");
}

} // namespace weir::state
