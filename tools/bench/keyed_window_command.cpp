#include "bench/keyed_window_command.hpp"

#include <ostream>

#include "bench/keyed_window_baseline.hpp"
#include "bench/keyed_window_job.hpp"
#include "bench/peak_rss.hpp"
#include "bench/report_line.hpp"
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

void add_totals(report_line& line, const stateless_run& run, std::uint64_t events) {
  line.add("events_per_sec", run.events_per_sec(events), "%.0f")
    .add("results", run.totals.results)
    .add("checksum", checksum_degrees(run.totals.checksum_units), "%.9e");
}

} // namespace

int run_keyed_window_command(const keyed_window_options& options, bench_mode mode,
                             std::ostream& out, std::ostream& err) {
  const auto events = options.workload.events;
  stateless_run reference;
  if (mode != bench_mode::weir) {
    reference = run_keyed_window_baseline(options);
    if (mode == bench_mode::baseline) {
      report_line line;
      add_totals(line, reference, events);
      add_settings(line, options, mode);
      line.add("elapsed_s", reference.elapsed_seconds(), "%.3f");
      add_peak_rss(line, peak_rss_mb());
      out << line.str() << '\n';
      return 0;
    }
  }

  auto run = run_keyed_window_weir(options);
  if (run.failure) {
    err << "weir-bench keyed-window: the Weir job failed: " << run.failure->to_string() << '\n';
    return 1;
  }
  report_line line;
  add_totals(line, run, events);
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
    err << "weir-bench keyed-window: Weir computed results=" << run.totals.results
        << " checksum_units=" << run.totals.checksum_units << " but the plain loop results="
        << reference.totals.results << " checksum_units=" << reference.totals.checksum_units
        << '\n';
    return 2;
  }
  return 0;
}

} // namespace weir::bench
