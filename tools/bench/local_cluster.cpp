#include "bench/local_cluster.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace weir::bench {

std::variant<std::uint16_t, error> free_loopback_port() {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0)
    return error{errc::io_error, std::string{"cannot open a socket: "} + std::strerror(errno)};
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof addr;
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0
      || getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    auto why = std::strerror(errno);
    close(fd);
    return error{errc::io_error, std::string{"cannot bind 127.0.0.1:0 to find a free port: "}
                                   + why};
  }
  close(fd);
  return static_cast<std::uint16_t>(ntohs(addr.sin_port));
}

std::variant<local_cluster, error> local_cluster::prepare(local_cluster_options options) {
  if (options.processes < 2)
    return error{errc::invalid_configuration, "--processes must be 2 or more for a cluster"};
  auto port = free_loopback_port();
  if (auto* e = std::get_if<error>(&port))
    return *e;
  return local_cluster{std::move(options), std::get<std::uint16_t>(port)};
}

cluster_config local_cluster::coordinator_config() const {
  cluster_config c;
  c.role = cluster_role::coordinator;
  c.bind_address = "127.0.0.1";
  c.port = port_;
  c.port_given = true;
  c.workers = options_.processes - 1;
  c.slots = options_.slots_per_process;
  c.registration_timeout = options_.registration_timeout;
  c.heartbeat_interval = options_.heartbeat_interval;
  c.heartbeat_timeout = options_.heartbeat_timeout;
  return c;
}

std::vector<std::string> local_cluster::worker_args() const {
  auto args = options_.program_args;
  for (std::string a : {"--weir-role", "worker", "--weir-join"})
    args.push_back(a);
  args.push_back("127.0.0.1:" + std::to_string(port_));
  args.push_back("--weir-slots");
  args.push_back(std::to_string(options_.slots_per_process));
  args.push_back("--weir-registration-timeout-ms");
  args.push_back(std::to_string(options_.registration_timeout.count()));
  args.push_back("--weir-heartbeat-interval-ms");
  args.push_back(std::to_string(options_.heartbeat_interval.count()));
  args.push_back("--weir-heartbeat-timeout-ms");
  args.push_back(std::to_string(options_.heartbeat_timeout.count()));
  return args;
}

std::optional<error> local_cluster::start_worker() {
  auto started = worker_process::start(options_.executable, worker_args());
  if (auto* e = std::get_if<error>(&started))
    return *e;
  workers_.push_back(std::move(std::get<worker_process>(started)));
  return std::nullopt;
}

std::optional<error> local_cluster::start_workers() {
  for (int i = 1; i < options_.processes; ++i)
    if (auto err = start_worker())
      return err;
  return std::nullopt;
}

std::vector<std::optional<worker_report>>
local_cluster::collect(std::chrono::milliseconds timeout, std::vector<std::string>& problems) {
  std::vector<std::optional<worker_report>> out;
  auto deadline = std::chrono::steady_clock::now() + timeout;
  for (std::size_t i = 0; i < workers_.size(); ++i) {
    auto pid = workers_[i].pid();
    auto left = std::max(std::chrono::milliseconds{1},
                         std::chrono::duration_cast<std::chrono::milliseconds>(
                           deadline - std::chrono::steady_clock::now()));
    auto status = workers_[i].finish(left);
    auto who = "worker process " + std::to_string(i + 1) + " (pid " + std::to_string(pid) + ")";
    if (status.timed_out)
      problems.push_back(who + " did not end within " + std::to_string(timeout.count())
                         + " ms and was killed");
    else if (!status.exited)
      problems.push_back(who + " ended by signal " + std::to_string(status.signal));
    else if (status.code != 0)
      problems.push_back(who + " exited with code " + std::to_string(status.code));
    auto report = worker_report::parse(status.output);
    if (!report && status.exited)
      problems.push_back(who + " printed no report");
    out.push_back(std::move(report));
  }
  return out;
}

} // namespace weir::bench
