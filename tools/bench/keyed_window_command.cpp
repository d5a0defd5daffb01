#include "bench/keyed_window_command.hpp"

#include <ostream>

#include "bench/keyed_window_baseline.hpp"
#include "bench/keyed_window_job.hpp"
#include "bench/report_line.hpp"
#include "bench/run_report.hpp"
#include "weir/state/backend_kind.hpp"

namespace weir::bench {

namespace {

void add_settings(report_line& line, const keyed_window_options& o, bench_mode mode) {
  line.add("mode", to_string(mode))
    .add("events", o.workload.events)
    .add("keys", o.workload.keys)
    .add("events_per_ms", o.workload.events_per_ms)
    .add("window_ms", static_cast<std::int64_t>(o.window_size.count()));
  if (mode == bench_mode::baseline)
    return;
  line.add("parallelism", o.parallelism)
    .add("state_backend", state::to_string(o.backend))
    .add("batch_size", static_cast<std::uint64_t>(o.batch_size))
    .add("buffer_timeout_ms", static_cast<std::int64_t>(o.buffer_timeout.count()))
    .add("credits", static_cast<std::uint64_t>(o.credits))
    .add("watermark_interval_ms", static_cast<std::int64_t>(o.watermark_interval.count()))
    .add("rate", o.rate, "%.0f");
}

void add_latency(report_line& line, const stateless_run& run) {
  const auto& h = run.totals.latency;
  line.add("latency_samples", h.count())
    .add("p50_latency_ms", static_cast<double>(h.quantile(0.50)) / 1e6, "%.3f")
    .add("p99_latency_ms", static_cast<double>(h.quantile(0.99)) / 1e6, "%.3f")
    .add("max_latency_ms", static_cast<double>(h.quantile(1.0)) / 1e6, "%.3f");
}

} // namespace

int run_keyed_window_command(const keyed_window_options& options, bench_mode mode,
                             std::ostream& out, std::ostream& err) {
  compared_command command{
    "weir-bench keyed-window", options.workload.events, [&] { return run_keyed_window_baseline(options); },
    [&] { return run_keyed_window_weir(options); },
    [&](report_line& line, bench_mode m) { add_settings(line, options, m); }, {}};
  if (options.rate > 0)
    command.add_latency = add_latency;
  return run_compared(command, mode, out, err);
}

} // namespace weir::bench
