#pragma once

#include <string>

#include "weir/state/state_kind.hpp"

namespace weir::state {

/// What a snapshot records about a state so a restore can check it against its descriptor:
/// the name, the kind and whether values carry TTL timestamps.
struct state_meta {
  std::string name;
  state_kind kind = state_kind::value;
  bool ttl = false;
  friend bool operator==(const state_meta&, const state_meta&) = default;
};

} // namespace weir::state
