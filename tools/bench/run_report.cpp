#include "bench/run_report.hpp"

#include <ostream>

#include "bench/workload.hpp"

namespace weir::bench {

void add_totals(report_line& line, const stateless_run& run, std::uint64_t events) {
  line.add("events_per_sec", run.events_per_sec(events), "%.0f")
    .add("results", run.totals.results)
    .add("checksum", checksum_degrees(run.totals.checksum_units), "%.9e");
}

bool add_comparison(report_line& line, const stateless_run& run, const stateless_run& reference,
                    std::uint64_t events) {
  const bool match = run.totals.results == reference.totals.results
                     && run.totals.checksum_units == reference.totals.checksum_units;
  auto base_eps = reference.events_per_sec(events);
  line.add("baseline_events_per_sec", base_eps, "%.0f")
    .add("ratio", base_eps > 0 ? run.events_per_sec(events) / base_eps : 0.0, "%.4f")
    .add("match", match ? "yes" : "no");
  return match;
}

void report_mismatch(std::ostream& err, std::string_view prefix, const stateless_run& run,
                     const stateless_run& reference) {
  err << prefix << ": Weir computed results=" << run.totals.results
      << " checksum_units=" << run.totals.checksum_units << " but the plain loop results="
      << reference.totals.results << " checksum_units=" << reference.totals.checksum_units
      << '\n';
}

} // namespace weir::bench
