#pragma once

#include <caf/actor_system_config.hpp>

#include "weir/configuration.hpp"

namespace weir::actors {

/// Registers Weir's message types with `cfg`; call before creating the actor system.
void register_types(caf::actor_system_config& cfg);

/// The scheduler settings every Weir actor system uses (threads, fairness, idle polling).
void configure_scheduler(caf::actor_system_config& cfg, const configuration& config);

/// A cluster node: loads CAF's middleman (and its OpenSSL module when TLS is configured) and
/// turns on heartbeats, which CAF 0.17 leaves off, so that a lost node is noticed within
/// cluster_config::heartbeat_timeout.
void configure_network(caf::actor_system_config& cfg, const cluster_config& cluster);

} // namespace weir::actors
