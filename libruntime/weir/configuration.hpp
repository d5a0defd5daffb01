#pragma once

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string>

#include "weir/checkpoint/restart_strategy.hpp"
#include "weir/checkpoint_config.hpp"
#include "weir/cluster_config.hpp"
#include "weir/error.hpp"
#include "weir/fault_plan.hpp"
#include "weir/time/clock.hpp"
#include "weir/state_backend_kind.hpp"

namespace weir {

/// Settings of one environment (Flink's ExecutionConfig and network options in one place).
/// Every field has a unit and a default; `validate()` checks them before a job runs.
struct configuration {
  // Upper bounds: a value beyond one is an error before anything is allocated or started.
  /// Largest parallelism and max parallelism: 32768 key groups (Flink's bound, 2^15).
  static constexpr int parallelism_limit = 32768;
  /// Largest batch, in records: 65536. Every channel reserves one batch up front, and at the
  /// default 1024 a batch already amortises its message and credit to nothing measurable
  /// (docs/performance.md); larger batches only add latency and memory.
  static constexpr std::size_t batch_size_limit = 65536;
  /// Most credits per channel, in batches: 1024 (Flink's default is 2 per channel + 8 floating).
  static constexpr std::uint32_t credits_per_channel_limit = 1024;
  /// Most records a channel may hold in flight (credits_per_channel * batch_size): 2^20, e.g.
  /// 32 MiB of 32-byte records, per channel, on both sides of every edge.
  static constexpr std::uint64_t records_in_flight_limit = std::uint64_t{1} << 20;
  /// Longest buffer timeout: 1 hour. A partial batch held longer is a stalled stream.
  static constexpr std::chrono::milliseconds buffer_timeout_limit{3'600'000};
  /// Most scheduler threads: 1024, more than any one machine's cores (threads beyond the cores
  /// only contend) and far below the system's thread limits.
  static constexpr std::size_t worker_threads_limit = 1024;
  static constexpr std::size_t window_cache_entries_limit = std::size_t{1} << 30;

  /// Parallelism of operators that do not set their own. Default: 1. Range 1..32768.
  int parallelism = 1;
  /// Number of key groups, the upper bound for the parallelism of keyed operators and the unit
  /// of state redistribution. Default: 128 (Flink's lower default). Range 1..32768.
  int max_parallelism = 128;
  /// Records per batch that crosses a mailbox. Default: 1024. Range 1..65536.
  std::size_t batch_size = 1024;
  /// Records per batch on a channel between two processes of a cluster. Such a batch is one
  /// message through CAF's network layer, whose fixed cost (wake-ups of the network threads
  /// on both sides, about 40 µs of CPU here) is far above a local hop's, so these batches
  /// carry more (docs/performance.md, "Distribution"). 0 = 4 × batch_size, at most 65536.
  /// Default: 0. Range 0..65536.
  std::size_t remote_batch_size = 0;
  /// Longest time a non-empty, non-full batch waits before it is sent, in milliseconds
  /// (Flink's buffer timeout). 0 flushes after every record. Default: 100 ms. Range 0..1 h.
  std::chrono::milliseconds buffer_timeout{100};
  /// Batches a receiver lets one sender have in flight per channel. Bounds memory: a channel
  /// holds at most credits_per_channel * batch_size records (at most 2^20). Default: 4.
  /// Range 1..1024.
  std::uint32_t credits_per_channel = 4;
  /// Scheduler threads of the embedded mini cluster. 0 = number of cores. Default: 0.
  /// Range 0..1024.
  std::size_t worker_threads = 0;
  /// Where keyed state lives. Default: heap.
  state_backend_kind state_backend = state_backend_kind::heap;
  /// Parent directory of the RocksDB instances (one per task, removed when the task ends).
  /// Empty = `<system temp dir>/weir-rocksdb`. Default: empty.
  std::string state_dir;
  /// RocksDB backend: how many values of incremental windows (reduce, aggregate; one per key
  /// and window in flight) an operator instance keeps on the heap before the oldest windows
  /// move to RocksDB. Windows that fire and go before that never touch RocksDB. 0 = every
  /// element reads and writes RocksDB, as in Flink. Ignored on the heap backend. Default:
  /// 524288. Range 0..2^30.
  std::size_t window_cache_entries = std::size_t{1} << 19;

  /// Longest time one poll() of a source may block, in milliseconds. A source that blocks
  /// longer holds a scheduler thread and delays cancellation: the task reports it (the source's
  /// name and how long it blocked), fails the job and never polls it again. Default: 5000 ms.
  /// Range 1..3600000.
  std::chrono::milliseconds source_poll_timeout{5000};
  /// Longest pause between polls of a source that keeps returning nothing_available, in
  /// milliseconds: the pause starts at 0.1 ms and doubles up to this bound, and is reset by the
  /// first record. Bounds both an idle job's CPU use and the latency of a record after a quiet
  /// spell. Default: 10 ms. Range 1..60000.
  std::chrono::milliseconds source_idle_backoff_max{10};
  /// While a cancelled or failed job waits for its tasks to stop, the tasks that have not
  /// stopped are logged (with how long they are overdue) once per this interval, in
  /// milliseconds (Flink's task.cancellation.interval). Default: 30000 ms. Range 1..3600000.
  std::chrono::milliseconds cancellation_interval{30000};
  /// Period of watermark generation by assign_timestamps_and_watermarks, in milliseconds
  /// (Flink's auto watermark interval): each assigner asks its generator for a watermark this
  /// often, on processing time. 0 = never (only punctuated generators emit). Default: 200 ms.
  /// Range 0..3600000.
  std::chrono::milliseconds auto_watermark_interval{200};
  /// Processing time of the job (source poll bounds, state TTL, and later timers and
  /// watermarks). Null = the system clock. Tests inject a weir::time::manual_clock.
  std::shared_ptr<const time::clock> clock;

  // -- fault tolerance ---------------------------------------------------------------------
  /// Checkpointing (off until environment::enable_checkpointing).
  checkpoint_config checkpointing;
  /// What a failure leads to. Unset: Flink's default, fixed_delay(unbounded attempts, 1 s)
  /// with checkpointing on, none() without.
  std::optional<restart_strategy> restart;
  /// A checkpoint (chk-<n>) or savepoint directory to start from. Empty: start empty.
  std::string savepoint_path;
  /// Let a restore skip state of operators the job no longer has (Flink's
  /// --allowNonRestoredState); without it such state is an error naming the operator.
  bool allow_non_restored_state = false;
  /// Faults to inject (fault_plan); null: none.
  std::shared_ptr<fault_plan> faults;
  /// Seed of the restart strategy's jitter. Default: 0.
  std::uint64_t restart_seed = 0;

  // -- operations ----------------------------------------------------------------------------
  /// Port of the REST API and dashboard (Flink's rest.port) served by the embedded mini
  /// cluster or a cluster's coordinator; 0 = an ephemeral port chosen at start (logged, and
  /// readable from weir::rest_endpoint()). Unset = no REST server. Range 0..65535.
  std::optional<int> rest_port;
  /// Address the REST server binds (Flink's rest.bind-address). Default: "127.0.0.1", loopback
  /// only; "0.0.0.0" serves every interface (set a cluster token then: it protects the API).
  std::string rest_address = "127.0.0.1";
  /// Task metrics (busy, idle and backpressured time per task) on. Counts of records in and out
  /// are always kept. Default: true.
  bool metrics_enabled = true;
  /// Period of latency markers from every source, in milliseconds (Flink's
  /// metrics.latency.interval): each operator records the marker's travel time from its source
  /// in a histogram. 0 = no markers. Default: 0. Range 0..3600000.
  std::chrono::milliseconds latency_tracking_interval{0};

  // -- cluster -------------------------------------------------------------------------------
  /// Embedded (the default), or the coordinator or a worker of a cluster. An environment
  /// starts with the process's settings (weir::init's flags, or the WEIR_* variables).
  cluster_config cluster;

  /// remote_batch_size, or its default: 4 × batch_size, at most 65536 and at most what keeps
  /// a channel within records_in_flight_limit; never below batch_size.
  [[nodiscard]] std::size_t effective_remote_batch_size() const noexcept {
    if (remote_batch_size != 0)
      return std::max(remote_batch_size, batch_size);
    auto in_flight = credits_per_channel == 0
                       ? batch_size
                       : static_cast<std::size_t>(records_in_flight_limit / credits_per_channel);
    return std::max(batch_size, std::min({batch_size * 4, batch_size_limit, in_flight}));
  }

  /// The restart strategy in effect: `restart`, or the default for `checkpointing`.
  [[nodiscard]] restart_strategy effective_restart_strategy() const {
    if (restart)
      return *restart;
    return checkpointing.enabled()
             ? restart_strategy::fixed_delay(std::numeric_limits<int>::max(),
                                             std::chrono::milliseconds{1000})
             : restart_strategy::none();
  }

  /// Checks every field; the error names the field and the accepted range.
  [[nodiscard]] std::optional<error> validate() const;
};

} // namespace weir
