#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "bench/stateless_options.hpp"

namespace weir::bench {

/// Everything `weir-bench node-loss` can vary.
struct node_loss_options {
  /// The stateless job it runs (with rebalance). Defaults: 200,000,000 events, 1000 keys,
  /// 1000 events per ms, parallelism 2, rebalance on; `processes` is 3 (the coordinator and
  /// two workers, one slot each: the job runs in the coordinator and worker 1, worker 2 is
  /// the spare that takes over).
  stateless_options job = defaults();
  /// Exactly-once checkpoints every this long. Default: 1000 ms. Range 1..86400000.
  std::chrono::milliseconds checkpoint_interval{1000};
  /// Parent of the checkpoint directory (a fresh subdirectory, removed afterwards); empty =
  /// the temp dir. Every process reaches it (they share the machine).
  std::string checkpoint_dir;
  /// How long after the first record reached the coordinator's sink (and at least one
  /// checkpoint completed) the worker running subtask 1 is killed. Default: 3000 ms.
  std::chrono::milliseconds kill_after{3000};
  /// SIGKILL (false: the kernel closes the worker's sockets, so the coordinator sees the
  /// connection break) or SIGSTOP (true: a frozen node, found only by missed heartbeats).
  /// Default: SIGKILL.
  bool freeze = false;
  /// The cluster's heartbeat period and timeout (cluster_config), in ms. Defaults: Weir's,
  /// 500 and 2000.
  std::chrono::milliseconds heartbeat_interval{500};
  std::chrono::milliseconds heartbeat_timeout{1500};

  /// The first invalid field, named as its command-line flag with the accepted range.
  [[nodiscard]] std::optional<std::string> validate() const;

  [[nodiscard]] static stateless_options defaults() {
    stateless_options o;
    o.workload.events = 200'000'000;
    o.workload.keys = 1000;
    o.workload.events_per_ms = 1000;
    o.parallelism = 2;
    o.rebalance = true;
    o.processes = 3;
    return o;
  }
};

} // namespace weir::bench
