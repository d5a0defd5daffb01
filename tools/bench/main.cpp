// weir-bench: measures Weir against a plain single-threaded C++ loop doing the same work, in
// the same run (docs/performance.md reports its figures).
//
//   weir-bench stateless --events N --keys K --events-per-ms R --parallelism P [--rebalance]
//     [--batch-size B] [--buffer-timeout-ms T] [--credits C] [--rate EVENTS_PER_SEC]
//     [--slow-sink-us U] [--baseline | --compare]

#include <chrono>
#include <cstdint>
#include <iostream>

#include <CLI/CLI.hpp>

#include "bench/stateless_command.hpp"

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
  stateless->add_option("--events", o.workload.events, "Events in total")->required();
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

  auto* state = app.add_subcommand("state", "Keyed-state benchmark (not implemented yet)");
  state->allow_extras();

  CLI11_PARSE(app, argc, argv);

  if (state->parsed()) {
    std::cerr << "weir-bench: the 'state' benchmark is not implemented yet (a later issue); "
                 "use 'weir-bench stateless'\n";
    return 2;
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
