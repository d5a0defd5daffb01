#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "bench/worker_process.hpp"
#include "bench/worker_report.hpp"
#include "weir/cluster_config.hpp"
#include "weir/error.hpp"

namespace weir::bench {

/// How `--processes N` lays a job out on this machine.
struct local_cluster_options {
  /// Processes in all, this one (the coordinator) included; >= 2. Default: 2.
  int processes = 2;
  /// Slots every process offers, the coordinator too. Default: 1.
  int slots_per_process = 1;
  /// The program the workers run: this one (Linux). Default: /proc/self/exe.
  std::string executable = "/proc/self/exe";
  /// Its arguments (argv[1] onwards, the --weir-* flags already removed by weir::init):
  /// every worker gets them, plus the flags of its role, so that it builds the same job.
  std::vector<std::string> program_args;
  /// How long the coordinator waits for the workers to register, and a worker for the
  /// coordinator. Default: 30 s.
  std::chrono::milliseconds registration_timeout{30000};
  /// Heartbeat period and timeout of every process (cluster_config). Defaults: Weir's.
  std::chrono::milliseconds heartbeat_interval{500};
  std::chrono::milliseconds heartbeat_timeout{1500};
};

/// A cluster on one machine for one benchmark job: this process is the coordinator (it listens
/// on a free loopback port it picked by binding 127.0.0.1:0), and it starts the workers by
/// running its own program again with `--weir-role worker --weir-join 127.0.0.1:PORT
/// --weir-slots S` added. Each worker runs the job's tasks placed on it and, when the job
/// ends, prints a worker_report on its stdout, which collect() reads. Placement: slot s of
/// the job runs subtask s of every vertex, slots spread round-robin over the offers with the
/// coordinator's first, so with one slot each subtask s runs in process s % processes.
/// Owns the worker processes: the destructor kills those still running. Movable.
class local_cluster {
public:
  /// Picks the port. The error names what failed.
  [[nodiscard]] static std::variant<local_cluster, error> prepare(local_cluster_options options);

  /// The coordinator's settings, for environment::config().cluster.
  [[nodiscard]] cluster_config coordinator_config() const;
  /// The arguments every worker is started with.
  [[nodiscard]] std::vector<std::string> worker_args() const;
  /// Starts the N - 1 workers; call once the coordinator listens (after execute_async), so
  /// that they reach it at the first try.
  [[nodiscard]] std::optional<error> start_workers();
  /// Starts one more worker (e.g. to replace a lost one).
  [[nodiscard]] std::optional<error> start_worker();

  [[nodiscard]] std::vector<worker_process>& workers() noexcept { return workers_; }
  [[nodiscard]] std::uint16_t port() const noexcept { return port_; }
  [[nodiscard]] const local_cluster_options& options() const noexcept { return options_; }

  /// What each worker printed (in start order), reaped, waiting at most `timeout` for all of
  /// them; an entry is empty for a worker that was killed or printed no report. `problems`
  /// gets one sentence per worker that did not end cleanly.
  [[nodiscard]] std::vector<std::optional<worker_report>>
  collect(std::chrono::milliseconds timeout, std::vector<std::string>& problems);

private:
  local_cluster(local_cluster_options options, std::uint16_t port)
    : options_(std::move(options)), port_(port) {}

  local_cluster_options options_;
  std::uint16_t port_ = 0;
  std::vector<worker_process> workers_;
};

/// A TCP port on 127.0.0.1 that was free a moment ago (bound with port 0, then released).
[[nodiscard]] std::variant<std::uint16_t, error> free_loopback_port();

} // namespace weir::bench
