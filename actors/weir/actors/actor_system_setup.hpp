#pragma once

#include <caf/actor_system_config.hpp>

namespace weir::actors {

/// Registers Weir's message types with `cfg`; call before creating the actor system.
void register_types(caf::actor_system_config& cfg);

} // namespace weir::actors
