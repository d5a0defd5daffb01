#pragma once

#include "weir/configuration.hpp"
#include "weir/graph/job_graph.hpp"
#include "weir/job_client.hpp"

namespace weir::actors {

/// The coordinator's execute(): listens at cluster.bind_address:cluster.port, waits for
/// cluster.workers workers (checking their token and plan), places the tasks in their slots,
/// runs the job master here, and returns the job's result, with what the workers' collect()
/// sinks gathered added to this program's collected<T> objects.
job_client launch_coordinator_job(graph::job_graph plan, const configuration& config);

/// A worker's execute(): joins the coordinator at cluster.join_host:join_port (retrying up to
/// registration_timeout), offers cluster.slots slots, runs the tasks placed here, and returns
/// when the job ends (with its error if it failed, or if the coordinator was lost).
job_client launch_worker_job(graph::job_graph plan, const configuration& config);

} // namespace weir::actors
