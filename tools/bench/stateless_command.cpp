#include "bench/stateless_command.hpp"

#include <ostream>

#include "bench/report_line.hpp"
#include "bench/run_report.hpp"
#include "bench/stateless_baseline.hpp"
#include "bench/stateless_job.hpp"
#include "bench/stateless_settings.hpp"

namespace weir::bench {

namespace {

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
    [&](report_line& line, bench_mode m) { add_stateless_settings(line, options, m); }, {}};
  if (options.rate > 0)
    command.add_latency = add_latency;
  return run_compared(command, mode, out, err);
}

} // namespace weir::bench
