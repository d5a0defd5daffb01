#include "bench/stateless_command.hpp"

#include <ostream>

#include "bench/peak_rss.hpp"
#include "bench/report_line.hpp"
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
  const auto events = options.workload.events;
  stateless_run reference;
  if (mode != bench_mode::weir) {
    reference = run_baseline(options);
    if (mode == bench_mode::baseline) {
      report_line line;
      line.add("events_per_sec", reference.events_per_sec(events), "%.0f")
        .add("results", reference.totals.results)
        .add("checksum", checksum_degrees(reference.totals.checksum_units), "%.9e");
      add_settings(line, options, mode);
      line.add("elapsed_s", reference.elapsed_seconds(), "%.3f");
      add_peak_rss(line, peak_rss_mb());
      out << line.str() << '\n';
      return 0;
    }
  }

  auto run = run_weir(options);
  if (run.failure) {
    err << "weir-bench: the Weir job failed: " << run.failure->to_string() << '\n';
    return 1;
  }
  report_line line;
  line.add("events_per_sec", run.events_per_sec(events), "%.0f")
    .add("results", run.totals.results)
    .add("checksum", checksum_degrees(run.totals.checksum_units), "%.9e");
  bool match = true;
  if (mode == bench_mode::compare) {
    match = run.totals.results == reference.totals.results
            && run.totals.checksum_units == reference.totals.checksum_units;
    auto base_eps = reference.events_per_sec(events);
    line.add("baseline_events_per_sec", base_eps, "%.0f")
      .add("ratio", base_eps > 0 ? run.events_per_sec(events) / base_eps : 0.0, "%.4f")
      .add("match", match ? "yes" : "no");
  }
  add_settings(line, options, mode);
  line.add("elapsed_s", run.elapsed_seconds(), "%.3f");
  if (mode == bench_mode::compare)
    line.add("baseline_elapsed_s", reference.elapsed_seconds(), "%.3f");
  if (options.rate > 0)
    add_latency(line, run);
  add_peak_rss(line, peak_rss_mb());
  out << line.str() << '\n';
  if (!match) {
    err << "weir-bench: Weir computed results=" << run.totals.results
        << " checksum_units=" << run.totals.checksum_units << " but the plain loop results="
        << reference.totals.results << " checksum_units=" << reference.totals.checksum_units
        << '\n';
    return 2;
  }
  return 0;
}

} // namespace weir::bench
