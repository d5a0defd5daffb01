// weir-bench: measures Weir against a plain single-threaded C++ loop doing the same work, in
// the same run (docs/performance.md reports its figures).
//
//   weir-bench stateless --events N --keys K --events-per-ms R --parallelism P [--rebalance]
//     [--batch-size B] [--buffer-timeout-ms T] [--credits C] [--rate EVENTS_PER_SEC]
//     [--slow-sink-us U] [--processes N] [--cross-all] [--baseline | --compare]
//   weir-bench state --backend heap|rocksdb --keys K --ops N [--seed S] [--state-dir DIR]
//     [--block-cache-mb M] [--write-buffer-mb M] [--baseline | --compare]
//   weir-bench idle [--seconds S] [--backoff-max-ms M] [--threads T]
//   weir-bench keyed-window [--events N] [--keys K] [--events-per-ms R] [--window-ms W]
//     [--parallelism P] [--state-backend heap|rocksdb] [--state-dir DIR]
//     [--window-cache-entries N] [--batch-size B]
//     [--buffer-timeout-ms T] [--credits C] [--watermark-interval-ms I]
//     [--rate EVENTS_PER_SEC] [--threads T] [--baseline | --compare]
//     [--checkpoint-interval-ms MS [--checkpoint-dir DIR] [--unaligned]]
//   weir-bench checkpoint-backpressure [--unaligned] [--parallelism P] [--batch-size B]
//     [--credits C] [--sink-sleep-us U] [--seconds S] [--checkpoint-interval-ms MS]
//     [--checkpoint-dir DIR] [--threads T]
//   weir-bench recovery [--events N] [--keys K] [--parallelism P] [--state-backend heap|rocksdb]
//     [--checkpoint-interval-ms MS] [--checkpoint-dir DIR] [--unaligned] [--fail-after N]
//     [--restart-delay-ms MS] [--threads T]
//   weir-bench node-loss [--events N] [--checkpoint-interval-ms MS] [--checkpoint-dir DIR]
//     [--kill-after-ms MS] [--freeze] [--heartbeat-interval-ms MS] [--heartbeat-timeout-ms MS]
//     [--batch-size B] [--threads T]
//   weir-bench actor-source [--events N] [--keys K] [--events-per-ms R] [--capacity C]
//     [--batch-size B] [--threads T] [--compare]
//   weir-bench query-latency [--events N] [--keys K] [--parallelism P]
//     [--state-backend heap|rocksdb] [--query-threads Q] [--threads T]

#include <chrono>
#include <cstdint>
#include <iostream>
#include <limits>
#include <string>
#include <variant>
#include <vector>

#include <CLI/CLI.hpp>

#include "bench/actor_source_command.hpp"
#include "bench/backpressure_command.hpp"
#include "bench/idle_command.hpp"
#include "bench/keyed_window_command.hpp"
#include "bench/node_loss_command.hpp"
#include "bench/query_latency_command.hpp"
#include "bench/recovery_command.hpp"
#include "bench/state_command.hpp"
#include "bench/stateless_cluster_command.hpp"
#include "bench/stateless_command.hpp"
#include "cli/bounded_integer.hpp"
#include "cli/bounded_real.hpp"
#include "weir/cluster_config.hpp"
#include "weir/configuration.hpp"
#include "weir/state/backend_kind.hpp"

namespace {

using weir::cli::add_bounded_option;

// Counts and sizes are read by weir::cli::add_bounded_option: decimal, within the bounds
// below (Weir's configuration limits where a flag is a setting), never wrapped or saturated.
constexpr std::uint64_t count_limit = std::numeric_limits<std::int64_t>::max();

} // namespace

int main(int argc, char** argv) {
  using weir::bench::bench_mode;
  // --processes N starts workers by running this program again with the same arguments plus
  // --weir-role worker ...: weir::init takes those (they configure every environment of a
  // worker), the rest is parsed below as in the coordinator.
  if (auto err = weir::init(argc, argv)) {
    std::cerr << "weir-bench: " << err->message() << '\n';
    return 2;
  }
  const auto* cluster = std::get_if<weir::cluster_config>(&weir::process_cluster_config());
  const bool worker = cluster != nullptr && cluster->role == weir::cluster_role::worker;
  if (cluster != nullptr && cluster->role == weir::cluster_role::coordinator) {
    std::cerr << "weir-bench: it starts its own cluster (--processes N on a workload command); "
                 "drop --weir-role coordinator / WEIR_ROLE\n";
    return 2;
  }
  const std::vector<std::string> program_args(argv + 1, argv + argc);
  CLI::App app{"Measures Weir jobs against a plain C++ loop doing the same work"};
  app.require_subcommand(1);

  weir::bench::stateless_options o;
  std::int64_t buffer_timeout_ms = o.buffer_timeout.count();
  std::int64_t slow_sink_us = 0;
  bool baseline = false;
  bool compare = false;
  auto* stateless = app.add_subcommand(
    "stateless", "generate -> map(F to C) -> [rebalance] -> filter(C >= 48.5) -> counting sink");
  add_bounded_option(*stateless, "--events", o.workload.events, 1, count_limit, "Events in total")
    ->required();
  add_bounded_option(*stateless, "--keys", o.workload.keys, 1, count_limit,
                     "Distinct keys (key = i % K)")
    ->required();
  add_bounded_option(*stateless, "--events-per-ms", o.workload.events_per_ms, 1, count_limit,
                     "Events per ms of event time (ts_ms = i / R)")
    ->required();
  add_bounded_option(*stateless, "--parallelism", o.parallelism, 1,
                     weir::configuration::parallelism_limit, "Parallel instances per operator")
    ->required();
  stateless->add_flag("--rebalance", o.rebalance,
                      "Rebalance between map and filter, so batches cross task actors");
  add_bounded_option(*stateless, "--batch-size", o.batch_size, 1,
                     weir::configuration::batch_size_limit, "Records per batch");
  add_bounded_option(*stateless, "--buffer-timeout-ms", buffer_timeout_ms, 0,
                     weir::configuration::buffer_timeout_limit.count(),
                     "Buffer timeout in ms; 0 sends after every push, without waiting");
  add_bounded_option(*stateless, "--credits", o.credits, 1,
                     weir::configuration::credits_per_channel_limit,
                     "Batches in flight per channel");
  stateless->add_option("--rate", o.rate,
                        "Source rate in events/s over all instances (0 = unthrottled); adds "
                        "p50/p99 emission-to-sink latency")
    ->check(weir::cli::bounded_real(0, 1e12));
  add_bounded_option(*stateless, "--slow-sink-us", slow_sink_us, 0, 1'000'000,
                     "Sink busy-waits this many us after every 1024 results");
  add_bounded_option(*stateless, "--threads", o.worker_threads, 0,
                     weir::configuration::worker_threads_limit,
                     "Scheduler threads of the mini cluster, of each process with --processes "
                     "(0 = number of cores, min 2)");
  add_bounded_option(*stateless, "--processes", o.processes, 1, 64,
                     "Run the job in N local processes (this one as coordinator, N - 1 workers "
                     "it starts; subtask s in process s % N), after the same job in one "
                     "process; adds wire bytes per record, the fraction of records that "
                     "crossed and the ratio to one process");
  stateless->add_flag("--cross-all", o.cross_all,
                      "Instead of --rebalance, send every record of map instance s to filter "
                      "instance s + 1 (mod P): with --processes every record crosses processes "
                      "(needs --keys a multiple of --parallelism)");
  auto* baseline_flag =
    stateless->add_flag("--baseline", baseline, "Run the plain single-threaded loop instead");
  stateless->add_flag("--compare", compare,
                      "Run the plain loop, then the Weir job; report both and their ratio")
    ->excludes(baseline_flag);

  weir::bench::state_options so;
  std::string state_dir;
  std::size_t block_cache_mb = so.rocksdb.block_cache_bytes >> 20;
  std::size_t write_buffer_mb = so.rocksdb.write_buffer_bytes >> 20;
  bool state_baseline = false;
  bool state_compare = false;
  auto* state = app.add_subcommand(
    "state", "per op: set a random current key, read a value_state<double>, write it + 1");
  std::string backend_name;
  state->add_option("--backend", backend_name, "Keyed state backend: heap or rocksdb")
    ->required()
    ->check(CLI::IsMember({"heap", "rocksdb"}));
  add_bounded_option(*state, "--keys", so.keys, 1, count_limit,
                     "Distinct keys, drawn uniformly from [0, K)")
    ->required();
  add_bounded_option(*state, "--ops", so.ops, 1, count_limit, "Read-modify-write operations")
    ->required();
  add_bounded_option(*state, "--seed", so.seed, 0, std::numeric_limits<std::uint64_t>::max(),
                     "Seed of the key sequence");
  state->add_option("--state-dir", state_dir,
                    "Parent directory of the RocksDB databases (default <temp>/weir-rocksdb)");
  add_bounded_option(*state, "--block-cache-mb", block_cache_mb, 1, 1 << 20,
                     "RocksDB block cache in MiB (at most 1 TiB)");
  add_bounded_option(*state, "--write-buffer-mb", write_buffer_mb, 1, 1 << 16,
                     "RocksDB memtable size in MiB (at most 64 GiB)");
  auto* state_baseline_flag = state->add_flag(
    "--baseline", state_baseline,
    "Run the baseline instead: std::unordered_map (heap) or bare RocksDB Get/Put (rocksdb)");
  state->add_flag("--compare", state_compare,
                  "Run the baseline, then the backend; report both and their ratio")
    ->excludes(state_baseline_flag);

  weir::bench::idle_options io;
  std::int64_t idle_seconds = 2;
  std::int64_t backoff_max_ms = io.backoff_max.count();
  auto* idle = app.add_subcommand(
    "idle", "an unbounded job whose source never has data: process CPU time per wall second");
  add_bounded_option(*idle, "--seconds", idle_seconds, 1, 3600, "Seconds to measure");
  add_bounded_option(*idle, "--backoff-max-ms", backoff_max_ms, 1, 60'000,
                     "configuration::source_idle_backoff_max in ms");
  add_bounded_option(*idle, "--threads", io.worker_threads, 0,
                     weir::configuration::worker_threads_limit,
                     "Scheduler threads of the mini cluster (0 = number of cores, min 2)");

  weir::bench::keyed_window_options kw;
  std::int64_t kw_window_ms = kw.window_size.count();
  std::int64_t kw_buffer_timeout_ms = kw.buffer_timeout.count();
  std::int64_t kw_watermark_interval_ms = kw.watermark_interval.count();
  std::string kw_backend = "heap";
  bool kw_baseline = false;
  bool kw_compare = false;
  auto* keyed_window = app.add_subcommand(
    "keyed-window", "generate -> map(F to C) -> key_by(key) -> 1 s tumbling event-time windows "
                    "(average of c per key) -> counting sink");
  add_bounded_option(*keyed_window, "--events", kw.workload.events, 1, count_limit,
                     "Events in total (default 10000000)");
  add_bounded_option(*keyed_window, "--keys", kw.workload.keys, 1, count_limit,
                     "Distinct keys, key = i % K (default 1000)");
  add_bounded_option(*keyed_window, "--events-per-ms", kw.workload.events_per_ms, 1,
                     count_limit, "Events per ms of event time, ts_ms = i / R (default 10)");
  add_bounded_option(*keyed_window, "--window-ms", kw_window_ms, 1, 86'400'000,
                     "Size of the tumbling windows in ms (default 1000)");
  add_bounded_option(*keyed_window, "--parallelism", kw.parallelism, 1,
                     weir::configuration::parallelism_limit,
                     "Parallel instances per operator (default 1)");
  keyed_window->add_option("--state-backend", kw_backend,
                           "Where window contents live: heap or rocksdb (default heap)")
    ->check(CLI::IsMember({"heap", "rocksdb"}));
  keyed_window->add_option("--state-dir", kw.state_dir,
                           "Parent directory of the RocksDB instances (default "
                           "<temp>/weir-rocksdb)");
  add_bounded_option(*keyed_window, "--window-cache-entries", kw.window_cache_entries, 0,
                     weir::configuration::window_cache_entries_limit,
                     "RocksDB: window values kept on the heap before the oldest windows move to "
                     "RocksDB (default 524288; 0 = every record reads and writes RocksDB)");
  add_bounded_option(*keyed_window, "--batch-size", kw.batch_size, 1,
                     weir::configuration::batch_size_limit, "Records per batch");
  add_bounded_option(*keyed_window, "--buffer-timeout-ms", kw_buffer_timeout_ms, 0,
                     weir::configuration::buffer_timeout_limit.count(),
                     "Buffer timeout in ms; 0 sends after every push, without waiting");
  add_bounded_option(*keyed_window, "--credits", kw.credits, 1,
                     weir::configuration::credits_per_channel_limit,
                     "Batches in flight per channel");
  add_bounded_option(*keyed_window, "--watermark-interval-ms", kw_watermark_interval_ms, 1,
                     3'600'000, "Period of the monotonous watermarks in ms (default 200)");
  keyed_window
    ->add_option("--rate", kw.rate,
                 "Source rate in events/s over all instances (0 = unthrottled); adds p50/p99 "
                 "latency of window results (emission - wall time of the window's end)")
    ->check(weir::cli::bounded_real(0, 1e12));
  add_bounded_option(*keyed_window, "--threads", kw.worker_threads, 0,
                     weir::configuration::worker_threads_limit,
                     "Scheduler threads of the mini cluster (0 = number of cores, min 2)");
  std::int64_t kw_checkpoint_interval_ms = 0;
  auto* kw_checkpoint_flag = add_bounded_option(
    *keyed_window, "--checkpoint-interval-ms", kw_checkpoint_interval_ms, 1,
    86'400'000,
    "Exactly-once checkpoints every MS ms: runs the job without, then with checkpoints, and "
    "reports both, their ratio, and the checkpoints' count, durations and sizes");
  keyed_window
    ->add_option("--checkpoint-dir", kw.checkpoint_dir,
                 "Where the checkpoints go: a fresh subdirectory of DIR, removed afterwards "
                 "(default: the temp dir)")
    ->needs(kw_checkpoint_flag);
  keyed_window->add_flag("--unaligned", kw.unaligned, "Unaligned checkpoints")
    ->needs(kw_checkpoint_flag);
  auto* kw_baseline_flag = keyed_window->add_flag(
    "--baseline", kw_baseline, "Run the plain single-threaded loop instead");
  kw_baseline_flag->excludes(kw_checkpoint_flag);
  keyed_window
    ->add_flag("--compare", kw_compare,
               "Run the plain loop, then the Weir job; report both, their ratio and match")
    ->excludes(kw_baseline_flag);

  weir::bench::backpressure_options bp;
  std::int64_t bp_sink_sleep_us = bp.sink_sleep.count();
  std::int64_t bp_seconds = bp.duration.count();
  std::int64_t bp_interval_ms = bp.checkpoint_interval.count();
  auto* backpressure = app.add_subcommand(
    "checkpoint-backpressure",
    "generate -> map -> rebalance -> a sink sleeping per batch, with checkpoints: their "
    "duration (trigger to completion) under full backpressure");
  backpressure->add_flag("--unaligned", bp.unaligned, "Unaligned checkpoints (default aligned)");
  add_bounded_option(*backpressure, "--parallelism", bp.parallelism, 1,
                     weir::configuration::parallelism_limit,
                     "Parallel instances per operator (default 2)");
  add_bounded_option(*backpressure, "--batch-size", bp.batch_size, 1,
                     weir::configuration::batch_size_limit,
                     "Records per batch, and per sleep of the sink (default 1024)");
  add_bounded_option(*backpressure, "--credits", bp.credits, 1,
                     weir::configuration::credits_per_channel_limit,
                     "Batches in flight per channel (default 4)");
  add_bounded_option(*backpressure, "--sink-sleep-us", bp_sink_sleep_us, 0, 10'000'000,
                     "The sink sleeps this long per batch, in us (default 10000)");
  add_bounded_option(*backpressure, "--seconds", bp_seconds, 1, 3600,
                     "Run this long, then cancel (default 10)");
  add_bounded_option(*backpressure, "--checkpoint-interval-ms", bp_interval_ms, 1, 86'400'000,
                     "Checkpoint interval in ms (default 1000)");
  backpressure->add_option("--checkpoint-dir", bp.checkpoint_dir,
                           "Where the checkpoints go: a fresh subdirectory of DIR, removed "
                           "afterwards (default: the temp dir)");
  add_bounded_option(*backpressure, "--threads", bp.worker_threads, 0,
                     weir::configuration::worker_threads_limit,
                     "Scheduler threads (default 4: sleeping sinks hold theirs)");

  weir::bench::query_latency_options qo;
  std::string qo_backend = "heap";
  auto* query_latency = app.add_subcommand(
    "query-latency", "generate -> key_by -> count in a queryable value state, while client "
                     "threads query random keys: query latency p50/p99 and the job's throughput "
                     "with and without queries");
  add_bounded_option(*query_latency, "--events", qo.events, 1, count_limit,
                     "Events in total (default 20000000)");
  add_bounded_option(*query_latency, "--keys", qo.keys, 1, count_limit,
                     "Distinct keys (key = i % K; default 10000)");
  add_bounded_option(*query_latency, "--parallelism", qo.parallelism, 1,
                     weir::configuration::parallelism_limit,
                     "Parallel instances of the counting operator (default 2)");
  query_latency->add_option("--state-backend", qo_backend, "heap or rocksdb (default heap)")
    ->check(CLI::IsMember({"heap", "rocksdb"}));
  add_bounded_option(*query_latency, "--query-threads", qo.query_threads, 1, 64,
                     "Client threads querying back to back (default 1)");
  add_bounded_option(*query_latency, "--threads", qo.worker_threads, 0,
                     weir::configuration::worker_threads_limit,
                     "Scheduler threads of the mini cluster (0 = number of cores, min 2)");

  weir::bench::recovery_options ro;
  ro.job.workload.events = 100'000'000;
  std::int64_t ro_interval_ms = 1000;
  std::int64_t ro_delay_ms = 0;
  std::string ro_backend = "heap";
  auto* recovery = app.add_subcommand(
    "recovery", "the keyed-window job with checkpoints and one injected failure: time from the "
                "failure to the first result after the restore, and its parts");
  add_bounded_option(*recovery, "--events", ro.job.workload.events, 1, count_limit,
                     "Events in total (default 100000000)");
  add_bounded_option(*recovery, "--keys", ro.job.workload.keys, 1, count_limit,
                     "Distinct keys (default 1000)");
  add_bounded_option(*recovery, "--parallelism", ro.job.parallelism, 1,
                     weir::configuration::parallelism_limit,
                     "Parallel instances per operator (default 1)");
  recovery->add_option("--state-backend", ro_backend, "heap or rocksdb (default heap)")
    ->check(CLI::IsMember({"heap", "rocksdb"}));
  add_bounded_option(*recovery, "--checkpoint-interval-ms", ro_interval_ms, 1, 86'400'000,
                     "Checkpoint interval in ms (default 1000)");
  recovery->add_option("--checkpoint-dir", ro.job.checkpoint_dir,
                       "Where the checkpoints go: a fresh subdirectory of DIR, removed "
                       "afterwards (default: the temp dir)");
  recovery->add_flag("--unaligned", ro.job.unaligned, "Unaligned checkpoints");
  add_bounded_option(*recovery, "--fail-after", ro.fail_after, 0, count_limit,
                     "Window Average (instance 0) fails after N input records (default 0 = "
                     "half of its share)");
  add_bounded_option(*recovery, "--restart-delay-ms", ro_delay_ms, 0, 3'600'000,
                     "Delay of the fixed-delay restart (default 0)");
  add_bounded_option(*recovery, "--threads", ro.job.worker_threads, 0,
                     weir::configuration::worker_threads_limit,
                     "Scheduler threads of the mini cluster (0 = number of cores, min 2)");

  weir::bench::node_loss_options nl;
  std::int64_t nl_interval_ms = nl.checkpoint_interval.count();
  std::int64_t nl_kill_after_ms = nl.kill_after.count();
  std::int64_t nl_heartbeat_ms = nl.heartbeat_interval.count();
  std::int64_t nl_heartbeat_timeout_ms = nl.heartbeat_timeout.count();
  auto* node_loss = app.add_subcommand(
    "node-loss", "the stateless job (rebalance, P=2, checkpoints) on a coordinator and two "
                 "worker processes; kills the worker running subtask 1 mid-job: time to detect "
                 "the loss, to restart and to resume processing");
  add_bounded_option(*node_loss, "--events", nl.job.workload.events, 1, count_limit,
                     "Events in total (default 200000000)");
  add_bounded_option(*node_loss, "--checkpoint-interval-ms", nl_interval_ms, 1, 86'400'000,
                     "Checkpoint interval in ms (default 1000)");
  node_loss->add_option("--checkpoint-dir", nl.checkpoint_dir,
                        "Where the checkpoints go: a fresh subdirectory of DIR, removed "
                        "afterwards (default: the temp dir)");
  add_bounded_option(*node_loss, "--kill-after-ms", nl_kill_after_ms, 0, 3'600'000,
                     "Kill worker 1 this long after the first record reached the coordinator's "
                     "sink, once a checkpoint completed (default 3000)");
  node_loss->add_flag("--freeze", nl.freeze,
                      "SIGSTOP the worker instead of SIGKILL: its connections stay open, so only "
                      "missed heartbeats reveal the loss");
  add_bounded_option(*node_loss, "--heartbeat-interval-ms", nl_heartbeat_ms, 10, 60'000,
                     "Heartbeat period of every process (default 500)");
  add_bounded_option(*node_loss, "--heartbeat-timeout-ms", nl_heartbeat_timeout_ms, 20, 600'000,
                     "A node silent this long is lost (default 2000)");
  add_bounded_option(*node_loss, "--batch-size", nl.job.batch_size, 1,
                     weir::configuration::batch_size_limit, "Records per batch");
  add_bounded_option(*node_loss, "--threads", nl.job.worker_threads, 0,
                     weir::configuration::worker_threads_limit,
                     "Scheduler threads of each process (0 = number of cores, min 2)");

  weir::bench::actor_source_options as;
  as.stateless.workload.events = 50'000'000;
  bool as_compare = false;
  auto* actor_source = app.add_subcommand(
    "actor-source", "the stateless workload (P=1, chained) fed by a producer actor through an "
                    "inlet (env.from_actor), against the same job on generate()");
  add_bounded_option(*actor_source, "--events", as.stateless.workload.events, 1, count_limit,
                     "Events in total (default 50000000)");
  add_bounded_option(*actor_source, "--keys", as.stateless.workload.keys, 1, count_limit,
                     "Distinct keys (key = i % K; default 1000)");
  add_bounded_option(*actor_source, "--events-per-ms", as.stateless.workload.events_per_ms, 1,
                     count_limit, "Events per ms of event time (default 1000)");
  add_bounded_option(*actor_source, "--capacity", as.capacity, 1, count_limit,
                     "Records the inlet buffers, with the demand granted (default 16384, as inlet_options)");
  add_bounded_option(*actor_source, "--batch-size", as.stateless.batch_size, 1,
                     weir::configuration::batch_size_limit, "Records per batch");
  add_bounded_option(*actor_source, "--threads", as.stateless.worker_threads, 0,
                     weir::configuration::worker_threads_limit,
                     "Scheduler threads of the mini cluster (0 = number of cores, min 2)");
  actor_source->add_flag("--compare", as_compare,
                         "Also run the plain loop and the generate() job; the last line has "
                         "ratio (actor source / generate) and match");

  CLI11_PARSE(app, argc, argv);

  if (actor_source->parsed())
    return weir::bench::run_actor_source_command(
      as, as_compare ? bench_mode::compare : bench_mode::weir, std::cout, std::cerr);

  if (node_loss->parsed()) {
    nl.checkpoint_interval = std::chrono::milliseconds{nl_interval_ms};
    nl.kill_after = std::chrono::milliseconds{nl_kill_after_ms};
    nl.heartbeat_interval = std::chrono::milliseconds{nl_heartbeat_ms};
    nl.heartbeat_timeout = std::chrono::milliseconds{nl_heartbeat_timeout_ms};
    if (auto problem = nl.validate()) {
      std::cerr << "weir-bench node-loss: " << *problem << '\n';
      return 2;
    }
    if (worker)
      return weir::bench::run_node_loss_worker(nl, std::cout, std::cerr);
    return weir::bench::run_node_loss_command(nl, program_args, std::cout, std::cerr);
  }

  if (query_latency->parsed()) {
    qo.backend = qo_backend == "rocksdb" ? weir::state_backend_kind::rocksdb
                                         : weir::state_backend_kind::heap;
    return weir::bench::run_query_latency_command(qo, std::cout, std::cerr);
  }
  if (recovery->parsed()) {
    ro.job.backend = *weir::state::parse_backend_kind(ro_backend); // checked by IsMember
    ro.job.checkpoint_interval = std::chrono::milliseconds{ro_interval_ms};
    ro.restart_delay = std::chrono::milliseconds{ro_delay_ms};
    if (auto problem = ro.job.validate()) {
      std::cerr << "weir-bench recovery: " << *problem << '\n';
      return 2;
    }
    return weir::bench::run_recovery_command(ro, std::cout, std::cerr);
  }

  if (backpressure->parsed()) {
    bp.sink_sleep = std::chrono::microseconds{bp_sink_sleep_us};
    bp.duration = std::chrono::seconds{bp_seconds};
    bp.checkpoint_interval = std::chrono::milliseconds{bp_interval_ms};
    if (auto problem = bp.validate()) {
      std::cerr << "weir-bench checkpoint-backpressure: " << *problem << '\n';
      return 2;
    }
    return weir::bench::run_backpressure_command(bp, std::cout, std::cerr);
  }

  if (keyed_window->parsed()) {
    kw.window_size = std::chrono::milliseconds{kw_window_ms};
    kw.buffer_timeout = std::chrono::milliseconds{kw_buffer_timeout_ms};
    kw.watermark_interval = std::chrono::milliseconds{kw_watermark_interval_ms};
    kw.checkpoint_interval = std::chrono::milliseconds{kw_checkpoint_interval_ms};
    kw.backend = *weir::state::parse_backend_kind(kw_backend); // checked by IsMember
    if (auto problem = kw.validate()) {
      std::cerr << "weir-bench keyed-window: " << *problem << '\n';
      return 2;
    }
    auto mode = kw_compare ? bench_mode::compare : kw_baseline ? bench_mode::baseline
                                                              : bench_mode::weir;
    return weir::bench::run_keyed_window_command(kw, mode, std::cout, std::cerr);
  }

  if (idle->parsed()) {
    io.measure = std::chrono::seconds{idle_seconds};
    io.backoff_max = std::chrono::milliseconds{backoff_max_ms};
    return weir::bench::run_idle_command(io, std::cout, std::cerr);
  }

  if (state->parsed()) {
    so.backend = *weir::state::parse_backend_kind(backend_name); // checked by IsMember
    so.rocksdb.directory = state_dir;
    so.rocksdb.block_cache_bytes = block_cache_mb << 20;
    so.rocksdb.write_buffer_bytes = write_buffer_mb << 20;
    if (auto problem = so.validate()) {
      std::cerr << "weir-bench state: " << *problem << '\n';
      return 2;
    }
    auto mode = state_compare    ? bench_mode::compare
                : state_baseline ? bench_mode::baseline
                                 : bench_mode::weir;
    return weir::bench::run_state_command(so, mode, std::cout, std::cerr);
  }
  o.buffer_timeout = std::chrono::milliseconds{buffer_timeout_ms};
  o.slow_sink = std::chrono::microseconds{slow_sink_us};
  if (auto problem = o.validate()) {
    std::cerr << "weir-bench stateless: " << *problem << '\n';
    return 2;
  }
  auto mode = compare ? bench_mode::compare : baseline ? bench_mode::baseline : bench_mode::weir;
  if (worker)
    return weir::bench::run_stateless_worker(o, std::cout, std::cerr);
  if (o.processes > 1 && mode != bench_mode::baseline)
    return weir::bench::run_stateless_cluster_command(o, mode, program_args, std::cout,
                                                      std::cerr);
  return weir::bench::run_stateless_command(o, mode, std::cout, std::cerr);
}
