#include "bench/run_report.hpp"

#include <ostream>

#include "bench/peak_rss.hpp"
#include "bench/workload.hpp"

namespace weir::bench {

namespace {

void add_totals(report_line& line, const stateless_run& run, std::uint64_t events) {
  line.add("events_per_sec", run.events_per_sec(events), "%.0f")
    .add("results", run.totals.results)
    .add("checksum", checksum_degrees(run.totals.checksum_units), "%.9e");
}

} // namespace

int run_compared(const compared_command& c, bench_mode mode, std::ostream& out,
                 std::ostream& err) {
  stateless_run reference;
  if (mode != bench_mode::weir) {
    reference = c.baseline();
    if (mode == bench_mode::baseline) {
      report_line line;
      add_totals(line, reference, c.events);
      c.add_settings(line, mode);
      line.add("elapsed_s", reference.elapsed_seconds(), "%.3f");
      add_peak_rss(line, peak_rss_mb());
      out << line.str() << '\n';
      return 0;
    }
  }

  auto run = c.weir();
  if (run.failure) {
    err << c.name << ": the Weir job failed: " << run.failure->to_string() << '\n';
    return 1;
  }
  report_line line;
  add_totals(line, run, c.events);
  bool match = true;
  if (mode == bench_mode::compare) {
    match = run.totals.results == reference.totals.results
            && run.totals.checksum_units == reference.totals.checksum_units;
    auto base_eps = reference.events_per_sec(c.events);
    line.add("baseline_events_per_sec", base_eps, "%.0f")
      .add("ratio", base_eps > 0 ? run.events_per_sec(c.events) / base_eps : 0.0, "%.4f")
      .add("match", match ? "yes" : "no");
  }
  c.add_settings(line, mode);
  line.add("elapsed_s", run.elapsed_seconds(), "%.3f");
  if (mode == bench_mode::compare)
    line.add("baseline_elapsed_s", reference.elapsed_seconds(), "%.3f");
  if (c.add_latency)
    c.add_latency(line, run);
  add_peak_rss(line, peak_rss_mb());
  out << line.str() << '\n';
  if (!match) {
    err << c.name << ": Weir computed results=" << run.totals.results
        << " checksum_units=" << run.totals.checksum_units << " but the plain loop results="
        << reference.totals.results << " checksum_units=" << reference.totals.checksum_units
        << '\n';
    return 2;
  }
  return 0;
}

} // namespace weir::bench
