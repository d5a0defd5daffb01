#pragma once

#include "weir/configuration.hpp"
#include "weir/graph/job_graph.hpp"
#include "weir/job_client.hpp"

namespace weir::detail {

/// Deploys `plan` on the embedded mini cluster (one actor system in this process) and returns
/// its client. Implemented by the actor layer (weir::actors), which programs link to run jobs;
/// the API only declares it so that libruntime stays free of CAF.
job_client launch_local_job(graph::job_graph plan, const configuration& config);

/// Runs `plan` as `config.cluster` says: embedded (launch_local_job), or as the coordinator
/// or a worker of a cluster. Implemented by the actor layer.
job_client launch_job(graph::job_graph plan, const configuration& config);

} // namespace weir::detail
