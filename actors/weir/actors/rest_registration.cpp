#include "weir/actors/rest_registration.hpp"

#include "weir/rest/rest_server.hpp"

namespace weir::actors {

std::optional<error> serve_on_rest(const std::shared_ptr<job_client::job_handle>& handle,
                                   const configuration& config) {
  if (!config.rest_port)
    return std::nullopt;
  rest::server_options options;
  options.address = config.rest_address;
  options.port = *config.rest_port;
  options.token = config.cluster.token;
  auto& server = rest::rest_server::process_server();
  auto started = server.start(options);
  if (auto* err = std::get_if<error>(&started))
    return *err;
  server.jobs().add(handle);
  return std::nullopt;
}

void retire_from_rest(const std::string& job_id, std::optional<job_details> final_details) {
  auto& server = rest::rest_server::process_server();
  server.jobs().retire(job_id, std::move(final_details));
}

} // namespace weir::actors
