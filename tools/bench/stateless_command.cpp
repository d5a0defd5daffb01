#include "bench/stateless_command.hpp"

#include <ostream>

#include "bench/report_line.hpp"
#include "bench/run_report.hpp"
#include "bench/stateless_baseline.hpp"
#include "bench/stateless_job.hpp"

namespace weir::bench {

namespace {

void add_settings(report_line& line, const stateless_options& o, bench_mode mode) {
  line.add("mode", to_string(mode))
    .add("events", o.workload.events)
    .add("keys", o.workload.keys)
    .add("events_per_ms", o.workload.events_per_ms);
  if (mode == bench_mode::baseline) {
    line.add("slow_sink_us", static_cast<std::int64_t>(o.slow_sink.count()));
    return;
  }
  line.add("parallelism", o.parallelism)
    .add("rebalance", o.rebalance ? "yes" : "no")
    .add("batch_size", static_cast<std::uint64_t>(o.batch_size))
    .add("buffer_timeout_ms", static_cast<std::int64_t>(o.buffer_timeout.count()))
    .add("credits", static_cast<std::uint64_t>(o.credits))
    .add("rate", o.rate, "%.0f")
    .add("slow_sink_us", static_cast<std::int64_t>(o.slow_sink.count()));
}

void add_latency(report_line& line, const stateless_run& run) {
  const auto& h = run.totals.latency;
  line.add("p50_latency_us", static_cast<double>(h.quantile(0.50)) / 1e3, "%.1f")
    .add("p99_latency_us", static_cast<double>(h.quantile(0.99)) / 1e3, "%.1f")
    .add("max_latency_us", static_cast<double>(h.quantile(1.0)) / 1e3, "%.1f");
}

} // namespace

int run_stateless_command(const stateless_options& options, bench_mode mode, std::ostream& out,
                          std::ostream& err) {
  compared_command command{
    "weir-bench", options.workload.events, [&] { return run_baseline(options); },
    [&] { return run_weir(options); },
    [&](report_line& line, bench_mode m) { add_settings(line, options, m); }, {}};
  if (options.rate > 0)
    command.add_latency = add_latency;
  return run_compared(command, mode, out, err);
}

} // namespace weir::bench
