#pragma once

#include <memory>
#include <optional>
#include <string>
#include <variant>

#include "weir/error.hpp"
#include "weir/rest/job_registry.hpp"

namespace weir::rest {

/// Where a REST server listens and who may use it.
struct server_options {
  std::string address = "127.0.0.1"; ///< configuration::rest_address
  int port = 0;                      ///< 0: a free port
  /// When set, every request needs `Authorization: Bearer <token>` (or `?token=<token>`, for
  /// the dashboard in a browser); the cluster's token.
  std::string token;
  /// Directory of the dashboard's static files; empty: the dashboard compiled into the
  /// library is served.
  std::string dashboard_dir;
};

/// Weir's REST API and dashboard (Flink's REST endpoint and web UI), over cpp-httplib on a
/// thread pool of its own. One per process: the embedded mini cluster starts it for jobs run
/// with `rest_port` set (and a cluster's coordinator for its job); jobs register with it and
/// stay listed after they end. Paths and answers follow Flink's REST API:
///
///   GET  /overview, /config, /jobs, /jobs/overview, /jobs/{id}, /jobs/{id}/plan,
///        /jobs/{id}/vertices/{vid}, /jobs/{id}/vertices/{vid}/backpressure,
///        /jobs/{id}/checkpoints, /jobs/{id}/exceptions, /jobs/{id}/savepoints/{trigger}
///   PATCH /jobs/{id}[?mode=cancel]                         cancel
///   POST /jobs/{id}/savepoints {"target-directory": DIR}   savepoint, answers a request-id
///   POST /jobs/{id}/stop {"targetDirectory": DIR}          stop with a savepoint
///   GET  /metrics                                          Prometheus text format
///   GET  /                                                 the dashboard
///
/// Errors answer {"errors": ["..."]} with 400, 401, 404 or 409.
class rest_server {
public:
  rest_server();
  ~rest_server();
  rest_server(const rest_server&) = delete;
  rest_server& operator=(const rest_server&) = delete;

  /// Binds and starts serving; returns the port bound. Starting a running server again with
  /// the same address and port (or port 0) returns its port; another address or port is an
  /// error naming both. A port in use is an error naming it and the fix.
  [[nodiscard]] std::variant<int, error> start(const server_options& options);
  /// Stops serving and joins its threads; what was registered stays.
  void stop();
  /// The port bound, or 0 when not serving.
  [[nodiscard]] int port() const noexcept;
  /// "http://ADDRESS:PORT", or empty when not serving.
  [[nodiscard]] std::string url() const;

  [[nodiscard]] job_registry& jobs() noexcept;

  /// This process's server (started on first use by an executor).
  static rest_server& process_server();

private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

} // namespace weir::rest
