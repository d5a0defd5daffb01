#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>

#include "weir/error.hpp"

namespace weir {

/// What execute() does in this process.
enum class cluster_role {
  embedded,    ///< run the whole job here, on the mini cluster (the default)
  coordinator, ///< wait for workers, place the job's tasks in their slots, return the result
  worker,      ///< join a coordinator, run the tasks it places here, return when the job ends
};

/// "embedded", "coordinator", "worker".
const char* to_string(cluster_role role) noexcept;

/// Where execute() runs a job: the embedded default, or one role of a cluster of processes
/// that all run the same program. Read from `--weir-*` flags (weir::init) or `WEIR_*`
/// environment variables (cluster_config::from_environment), so that any program gets them
/// without parsing flags itself. Every duration is in milliseconds.
struct cluster_config {
  cluster_role role = cluster_role::embedded;

  /// Address the coordinator listens on, and the address a worker's own endpoint (which the
  /// other workers connect to) binds to. Default: 127.0.0.1 (loopback only).
  /// Flag --weir-bind, variable WEIR_BIND.
  std::string bind_address = "127.0.0.1";
  /// Coordinator: the port it listens on (Flink's jobmanager.rpc.port). Worker: the port of
  /// its own endpoint, 0 = any free port. Default: 6123 on the coordinator, 0 on a worker.
  /// Flag --weir-port, variable WEIR_PORT. Range 0..65535 (0 only on a worker).
  std::uint16_t port = 6123;
  /// True once WEIR_PORT or --weir-port set `port`. While false, setting the role through a
  /// variable or flag also sets `port` to that role's default (a --weir-role worker flag on
  /// top of the environment's coordinator defaults gets port 0, not 6123).
  bool port_given = false;
  /// Coordinator: how many workers it waits for before it deploys. Default 1. Range 1..1024.
  /// Flag --weir-workers, variable WEIR_WORKERS.
  int workers = 1;
  /// Worker: the coordinator's host and port. Flag --weir-join HOST:PORT, variable WEIR_JOIN.
  std::string join_host;
  std::uint16_t join_port = 0;
  /// Task slots this process offers: one slot runs one parallel instance of every operator
  /// chain (Flink's slot sharing). Worker default 1; a coordinator offers 0 unless set (then
  /// it runs tasks too). Range 0..1024. Flag --weir-slots, variable WEIR_SLOTS.
  int slots = -1; ///< -1: the role's default
  /// Shared secret every process of the cluster must present (checked before any other
  /// message). From WEIR_CLUSTER_TOKEN, or the first line of the file named by
  /// --weir-token-file / WEIR_TOKEN_FILE. Empty: no token (only sensible on loopback).
  std::string token;
  /// TLS (CAF's OpenSSL module) when `tls_certificate` is set: PEM certificate and key of this
  /// process, and the CA file that peers' certificates must chain to (empty: no peer check).
  /// Flags --weir-tls-certificate, --weir-tls-key, --weir-tls-ca-file; variables
  /// WEIR_TLS_CERTIFICATE, WEIR_TLS_KEY, WEIR_TLS_CA_FILE.
  std::string tls_certificate;
  std::string tls_key;
  std::string tls_ca_file;
  /// Coordinator: how long it waits for `workers` to register; worker: how long it keeps
  /// trying to reach the coordinator. Default 60000 ms. Range 1..86400000.
  /// Flag --weir-registration-timeout-ms, variable WEIR_REGISTRATION_TIMEOUT_MS.
  std::chrono::milliseconds registration_timeout{60000};
  /// Heartbeat period between nodes (CAF middleman.heartbeat-interval). Default 500 ms.
  /// Range 10..60000. Flag --weir-heartbeat-interval-ms, variable WEIR_HEARTBEAT_INTERVAL_MS.
  std::chrono::milliseconds heartbeat_interval{500};
  /// A node silent this long is lost (CAF middleman.connection-timeout); must exceed the
  /// heartbeat interval. CAF checks it at every heartbeat, so a silent node is noticed within
  /// the timeout plus one interval: 2 s with the defaults. Default 1500 ms. Range 20..600000.
  /// Flag --weir-heartbeat-timeout-ms, variable WEIR_HEARTBEAT_TIMEOUT_MS.
  std::chrono::milliseconds heartbeat_timeout{1500};
  /// After a worker is lost, how long a restart waits for enough free slots (a worker to
  /// join) before the job fails. Default 60000 ms. Range 0..86400000.
  /// Flag --weir-slot-wait-timeout-ms, variable WEIR_SLOT_WAIT_TIMEOUT_MS.
  std::chrono::milliseconds slot_wait_timeout{60000};

  /// The slots this process offers: `slots`, or 1 on a worker and 0 elsewhere.
  [[nodiscard]] int effective_slots() const noexcept {
    if (slots >= 0)
      return slots;
    return role == cluster_role::worker ? 1 : 0;
  }
  [[nodiscard]] bool tls() const noexcept { return !tls_certificate.empty(); }

  /// Checks every field for the role; the error names the flag and variable and the fix.
  [[nodiscard]] std::optional<error> validate() const;

  /// Settings from the WEIR_* environment variables (unset ones keep their defaults); an
  /// error names the variable, its value and what is accepted.
  [[nodiscard]] static std::variant<cluster_config, error> from_environment();
  /// Applies the --weir-* flags of argv on top of `*this` and removes them from argv (argc
  /// shrinks), so that the program's own parser never sees them. Accepts "--weir-x v" and
  /// "--weir-x=v". An unknown --weir-* flag or a bad value is an error naming it.
  [[nodiscard]] std::optional<error> apply_args(int& argc, char** argv);
};

/// Reads the cluster settings of this process: WEIR_* variables first, then --weir-* flags
/// (which win), removing the flags from argv. Call it first thing in main(); environments
/// created afterwards use the settings (environment::config().cluster). Without a call, an
/// environment reads the WEIR_* variables alone. The error (also kept, so that execute()
/// fails with it) names the flag or variable and the fix.
[[nodiscard]] std::optional<error> init(int& argc, char** argv);

/// The cluster settings new environments start with: those of init(), else from the WEIR_*
/// variables. An error in them is returned by execute().
[[nodiscard]] const std::variant<cluster_config, error>& process_cluster_config();

} // namespace weir
