#pragma once

#include <memory>
#include <optional>
#include <string>

#include "weir/configuration.hpp"
#include "weir/job_client.hpp"

namespace weir::actors {

/// With `config.rest_port` set, starts this process's REST server (once; weir::rest) and lists
/// the job there. An error (the port is taken, another port is served already) names the
/// address and the fix; the executor then fails the job with it.
[[nodiscard]] std::optional<error> serve_on_rest(
  const std::shared_ptr<job_client::job_handle>& handle, const configuration& config);

/// The job's handle is going away: the REST server keeps `final_details` in its place.
void retire_from_rest(const std::string& job_id, std::optional<job_details> final_details);

} // namespace weir::actors
