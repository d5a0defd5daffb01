#pragma once

#include <string>

#include <caf/actor.hpp>
#include <caf/actor_system.hpp>

#include "weir/cluster/plan_fingerprint.hpp"
#include "weir/cluster_config.hpp"

namespace weir::actors {

/// Spawns the coordinator's resource manager (Flink's ResourceManager and Dispatcher in
/// one): the actor workers find at the coordinator's port. It refuses a worker whose token,
/// wire version or plan fingerprint differs from the coordinator's (the first message it
/// accepts from anyone is register_worker_msg), keeps the registered workers and their slots,
/// notices lost ones, and answers a job master's allocate_slots_msg with the task managers of
/// the slots once enough are there (the first allocation also waits for `config.workers`
/// workers, up to registration_timeout; later ones up to slot_wait_timeout). On
/// (finish_atom, job_done_msg) it ends every worker and answers with what their collect()
/// sinks gathered (collected_msg). `local_manager` (may be null) offers `local_slots` slots
/// of the coordinator itself; `listen` names the coordinator's endpoint in messages.
caf::actor spawn_resource_manager(caf::actor_system& sys, cluster_config config,
                                  cluster::plan_fingerprint fingerprint, std::string listen,
                                  caf::actor local_manager, int local_slots);

} // namespace weir::actors
