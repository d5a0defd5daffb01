#pragma once

// Keyed state for operators and user functions: backends, descriptors, handles, TTL, and the
// user-facing names re-exported into namespace weir (weir::value_state<T> ...).

#include "weir/state/clock.hpp"
#include "weir/state/heap_keyed_state_backend.hpp"
#include "weir/state/keyed_state_backend.hpp"
#include "weir/state/make_keyed_state_backend.hpp"
#include "weir/state/rocksdb_keyed_state_backend.hpp"
#include "weir/state/state_exception.hpp"

namespace weir {
using state::aggregating_state;
using state::aggregating_state_descriptor;
using state::list_state;
using state::list_state_descriptor;
using state::map_state;
using state::map_state_descriptor;
using state::reducing_state;
using state::reducing_state_descriptor;
using state::state_ttl_config;
using state::ttl_state_visibility;
using state::ttl_update_type;
using state::value_state;
using state::value_state_descriptor;
} // namespace weir
