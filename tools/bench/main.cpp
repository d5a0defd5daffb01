// weir-bench: measures Weir against a plain single-threaded C++ loop doing the same work, in
// the same run (docs/performance.md reports its figures).
//
//   weir-bench stateless --events N --keys K --events-per-ms R --parallelism P [--rebalance]
//     [--batch-size B] [--buffer-timeout-ms T] [--credits C] [--rate EVENTS_PER_SEC]
//     [--slow-sink-us U] [--baseline | --compare]
//   weir-bench state --backend heap|rocksdb --keys K --ops N [--seed S] [--state-dir DIR]
//     [--block-cache-mb M] [--write-buffer-mb M] [--baseline | --compare]

#include <chrono>
#include <cstdint>
#include <iostream>
#include <string>

#include <CLI/CLI.hpp>

#include "bench/state_command.hpp"
#include "bench/stateless_command.hpp"
#include "weir/state/backend_kind.hpp"

namespace {

// Counts are plain decimal digits: CLI11 2.1 reads "-3" into an unsigned option as 2^64 - 3
// (its range validators convert the same way) and "010" as octal.
CLI::Validator decimal_integer(bool zero_allowed) {
  return CLI::Validator{
    [zero_allowed](std::string& text) -> std::string {
      bool digits = !text.empty() && text.find_first_not_of("0123456789") == std::string::npos;
      if (digits && (text == "0" ? zero_allowed : text[0] != '0'))
        return {};
      return std::string{"must be a "} + (zero_allowed ? "non-negative" : "positive")
             + " decimal integer without leading zeros, not '" + text + "'";
    },
    zero_allowed ? "NONNEGATIVE" : "POSITIVE"};
}

const CLI::Validator positive_integer = decimal_integer(false);

} // namespace

int main(int argc, char** argv) {
  using weir::bench::bench_mode;
  CLI::App app{"Measures Weir jobs against a plain C++ loop doing the same work"};
  app.require_subcommand(1);

  weir::bench::stateless_options o;
  std::int64_t buffer_timeout_ms = o.buffer_timeout.count();
  std::int64_t slow_sink_us = 0;
  bool baseline = false;
  bool compare = false;
  auto* stateless = app.add_subcommand(
    "stateless", "generate -> map(F to C) -> [rebalance] -> filter(C >= 48.5) -> counting sink");
  stateless->add_option("--events", o.workload.events, "Events in total")
    ->required()
    ->check(positive_integer);
  stateless->add_option("--keys", o.workload.keys, "Distinct keys (key = i % K)")
    ->required()
    ->check(CLI::PositiveNumber);
  stateless->add_option("--events-per-ms", o.workload.events_per_ms,
                        "Events per ms of event time (ts_ms = i / R)")
    ->required()
    ->check(CLI::PositiveNumber);
  stateless->add_option("--parallelism", o.parallelism, "Parallel instances per operator")
    ->required()
    ->check(CLI::PositiveNumber);
  stateless->add_flag("--rebalance", o.rebalance,
                      "Rebalance between map and filter, so batches cross task actors");
  stateless->add_option("--batch-size", o.batch_size, "Records per batch (Weir default 1024)")
    ->check(CLI::PositiveNumber);
  stateless->add_option("--buffer-timeout-ms", buffer_timeout_ms,
                        "Buffer timeout in ms; 0 sends after every push, without waiting "
                        "(Weir default 100)")
    ->check(CLI::NonNegativeNumber);
  stateless->add_option("--credits", o.credits, "Batches in flight per channel (Weir default 4)")
    ->check(CLI::PositiveNumber);
  stateless->add_option("--rate", o.rate,
                        "Source rate in events/s over all instances (0 = unthrottled); adds "
                        "p50/p99 emission-to-sink latency")
    ->check(CLI::NonNegativeNumber);
  stateless->add_option("--slow-sink-us", slow_sink_us,
                        "Sink busy-waits this many us after every 1024 results")
    ->check(CLI::NonNegativeNumber);
  stateless->add_option("--threads", o.worker_threads,
                        "Scheduler threads of the mini cluster (0 = number of cores, min 2)");
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
  state->add_option("--keys", so.keys, "Distinct keys, drawn uniformly from [0, K)")
    ->required()
    ->check(positive_integer);
  state->add_option("--ops", so.ops, "Read-modify-write operations")
    ->required()
    ->check(positive_integer);
  state->add_option("--seed", so.seed, "Seed of the key sequence (default 42)")
    ->check(decimal_integer(true));
  state->add_option("--state-dir", state_dir,
                    "Parent directory of the RocksDB databases (default <temp>/weir-rocksdb)");
  state->add_option("--block-cache-mb", block_cache_mb, "RocksDB block cache in MiB (default 64)")
    ->check(positive_integer);
  state->add_option("--write-buffer-mb", write_buffer_mb,
                    "RocksDB memtable size in MiB (default 16)")
    ->check(positive_integer);
  auto* state_baseline_flag = state->add_flag(
    "--baseline", state_baseline,
    "Run the baseline instead: std::unordered_map (heap) or bare RocksDB Get/Put (rocksdb)");
  state->add_flag("--compare", state_compare,
                  "Run the baseline, then the backend; report both and their ratio")
    ->excludes(state_baseline_flag);

  CLI11_PARSE(app, argc, argv);

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
  return weir::bench::run_stateless_command(o, mode, std::cout, std::cerr);
}
