#pragma once

#include "weir/time/clock.hpp"

namespace weir::state {

// State TTL reads the one processing-time clock of the runtime (weir::time::clock).
using clock = time::clock;
using wall_clock = time::wall_clock;
using manual_clock = time::manual_clock;

} // namespace weir::state
