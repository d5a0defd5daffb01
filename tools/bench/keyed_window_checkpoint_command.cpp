#include "bench/keyed_window_checkpoint_command.hpp"

#include <ostream>
#include <variant>

#include "bench/checkpoint_summary.hpp"
#include "bench/checkpoint_watch.hpp"
#include "bench/keyed_window_baseline.hpp"
#include "bench/keyed_window_job.hpp"
#include "bench/keyed_window_settings.hpp"
#include "bench/peak_rss.hpp"
#include "bench/report_line.hpp"
#include "bench/scratch_directory.hpp"

namespace weir::bench {

namespace {

constexpr const char* name = "weir-bench keyed-window";

bool same_results(const stateless_run& a, const stateless_run& b) {
  return a.totals.results == b.totals.results
         && a.totals.checksum_units == b.totals.checksum_units;
}

} // namespace

int run_keyed_window_checkpoint_command(const keyed_window_options& options, bench_mode mode,
                                        std::ostream& out, std::ostream& err) {
  if (mode == bench_mode::baseline) {
    err << name << ": --checkpoint-interval-ms measures Weir's checkpoints; drop --baseline\n";
    return 2;
  }
  auto dir = scratch_directory::create(options.checkpoint_dir, "weir-bench-checkpoints-");
  if (auto* e = std::get_if<error>(&dir)) {
    err << name << ": --checkpoint-dir: " << e->message() << '\n';
    return 1;
  }
  const auto& scratch = std::get<scratch_directory>(dir);

  stateless_run reference;
  if (mode == bench_mode::compare)
    reference = run_keyed_window_baseline(options);

  // Without checkpoints first, then with them (docs/performance.md, "Checkpoints", checks
  // what the order alone does with an A/A run).
  auto plain_options = options;
  plain_options.checkpoint_interval = std::chrono::milliseconds{0};
  plain_options.unaligned = false;
  auto plain = run_keyed_window_weir(plain_options);
  if (plain.failure) {
    err << name << ": the Weir job without checkpoints failed: " << plain.failure->to_string()
        << '\n';
    return 1;
  }

  auto checkpointed_options = options;
  checkpointed_options.checkpoint_dir = scratch.path().string();
  checkpoint_watch watch{scratch.path()};
  auto run = run_keyed_window_weir(checkpointed_options);
  auto samples = watch.stop();
  if (run.failure) {
    err << name << ": the Weir job with checkpoints failed: " << run.failure->to_string()
        << '\n';
    return 1;
  }

  const auto events = options.workload.events;
  bool match = same_results(plain, run);
  report_line line;
  line.add("events_per_sec", run.events_per_sec(events), "%.0f")
    .add("results", run.totals.results)
    .add("checksum", checksum_degrees(run.totals.checksum_units), "%.9e");
  if (mode == bench_mode::compare) {
    match = match && same_results(reference, run);
    auto base = reference.events_per_sec(events);
    line.add("baseline_events_per_sec", base, "%.0f")
      .add("ratio", base > 0 ? run.events_per_sec(events) / base : 0.0, "%.4f")
      .add("nocheckpoint_ratio", base > 0 ? plain.events_per_sec(events) / base : 0.0, "%.4f");
  }
  auto plain_eps = plain.events_per_sec(events);
  line.add("nocheckpoint_events_per_sec", plain_eps, "%.0f")
    .add("checkpoint_ratio", plain_eps > 0 ? run.events_per_sec(events) / plain_eps : 0.0,
         "%.4f")
    .add("match", match ? "yes" : "no")
    .add("checkpoints", run.completed_checkpoints);
  checkpoint_summary::of(samples).add_to(line, "checkpoint_");
  add_keyed_window_settings(line, options, mode);
  line.add("elapsed_s", run.elapsed_seconds(), "%.3f")
    .add("nocheckpoint_elapsed_s", plain.elapsed_seconds(), "%.3f");
  if (mode == bench_mode::compare)
    line.add("baseline_elapsed_s", reference.elapsed_seconds(), "%.3f");
  add_peak_rss(line, peak_rss_mb());
  out << line.str() << '\n';
  if (!match) {
    err << name << ": the runs computed different results: with checkpoints results="
        << run.totals.results << " checksum_units=" << run.totals.checksum_units
        << ", without results=" << plain.totals.results
        << " checksum_units=" << plain.totals.checksum_units;
    if (mode == bench_mode::compare)
      err << ", plain loop results=" << reference.totals.results
          << " checksum_units=" << reference.totals.checksum_units;
    err << '\n';
    return 2;
  }
  return 0;
}

} // namespace weir::bench
