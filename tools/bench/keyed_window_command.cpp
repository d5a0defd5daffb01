#include "bench/keyed_window_command.hpp"

#include <ostream>

#include "bench/keyed_window_baseline.hpp"
#include "bench/keyed_window_checkpoint_command.hpp"
#include "bench/keyed_window_job.hpp"
#include "bench/keyed_window_settings.hpp"
#include "bench/report_line.hpp"
#include "bench/run_report.hpp"

namespace weir::bench {

namespace {

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
  if (options.checkpoint_interval.count() > 0)
    return run_keyed_window_checkpoint_command(options, mode, out, err);
  compared_command command{
    "weir-bench keyed-window", options.workload.events,
    [&] { return run_keyed_window_baseline(options); },
    [&] { return run_keyed_window_weir(options); },
    [&](report_line& line, bench_mode m) { add_keyed_window_settings(line, options, m); }, {}};
  if (options.rate > 0)
    command.add_latency = add_latency;
  return run_compared(command, mode, out, err);
}

} // namespace weir::bench
