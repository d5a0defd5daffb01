#include "bench/state_command.hpp"

#include <ostream>

#include "bench/backend_workload.hpp"
#include "bench/peak_rss.hpp"
#include "bench/report_line.hpp"
#include "bench/rocksdb_baseline.hpp"
#include "bench/unordered_map_baseline.hpp"

namespace weir::bench {

namespace {

using run_function = state_run (*)(const state_options&);

// Runs one side with its own peak RSS.
state_run measured(run_function f, const state_options& options) {
  bool own_peak = reset_peak_rss();
  auto run = f(options);
  if (own_peak)
    run.peak_rss_mb = peak_rss_mb();
  return run;
}

// What to change when RocksDB cannot open its database.
const char* hint(const state_options& o) {
  return o.backend == state::backend_kind::rocksdb
           ? " (weir-bench: --state-dir sets the parent directory of the databases)"
           : "";
}

void add_settings(report_line& line, const state_options& o, bench_mode mode) {
  line.add("mode", to_string(mode))
    .add("backend", state::to_string(o.backend))
    .add("keys", o.keys)
    .add("ops", o.ops)
    .add("seed", o.seed)
    .add("max_parallelism", o.max_parallelism);
  if (o.backend == state::backend_kind::rocksdb)
    line.add("block_cache_mb", static_cast<std::uint64_t>(o.rocksdb.block_cache_bytes >> 20))
      .add("write_buffer_mb", static_cast<std::uint64_t>(o.rocksdb.write_buffer_bytes >> 20))
      .add("max_write_buffers", o.rocksdb.max_write_buffer_number);
}

} // namespace

int run_state_command(const state_options& options, bench_mode mode, std::ostream& out,
                      std::ostream& err) {
  auto baseline_of = options.backend == state::backend_kind::heap ? &run_unordered_map_baseline
                                                                  : &run_rocksdb_baseline;
  state_run reference;
  if (mode != bench_mode::weir) {
    reference = measured(baseline_of, options);
    if (reference.failure) {
      err << "weir-bench state: the baseline failed: " << *reference.failure << hint(options)
          << '\n';
      return 1;
    }
    if (mode == bench_mode::baseline) {
      report_line line;
      line.add("ops_per_sec", reference.ops_per_sec(options.ops), "%.0f");
      add_settings(line, options, mode);
      line.add("checksum", reference.checksum, "%.0f")
        .add("elapsed_s", reference.elapsed_seconds(), "%.3f");
      add_peak_rss(line, reference.peak_rss_mb ? reference.peak_rss_mb : peak_rss_mb());
      out << line.str() << '\n';
      return 0;
    }
  }

  auto run = measured(&run_backend_workload, options);
  if (run.failure) {
    err << "weir-bench state: the " << state::to_string(options.backend)
        << " backend failed: " << *run.failure << hint(options) << '\n';
    return 1;
  }
  report_line line;
  auto ops_per_sec = run.ops_per_sec(options.ops);
  line.add("ops_per_sec", ops_per_sec, "%.0f");
  bool match = true;
  if (mode == bench_mode::compare) {
    match = run.checksum == reference.checksum;
    auto base = reference.ops_per_sec(options.ops);
    line.add("baseline_ops_per_sec", base, "%.0f")
      .add("ratio", base > 0 ? ops_per_sec / base : 0.0, "%.4f")
      .add("match", match ? "yes" : "no");
  }
  add_settings(line, options, mode);
  line.add("checksum", run.checksum, "%.0f").add("elapsed_s", run.elapsed_seconds(), "%.3f");
  if (mode == bench_mode::compare)
    line.add("baseline_elapsed_s", reference.elapsed_seconds(), "%.3f");
  add_peak_rss(line, run.peak_rss_mb ? run.peak_rss_mb : peak_rss_mb());
  if (mode == bench_mode::compare)
    add_peak_rss(line, reference.peak_rss_mb, "baseline_peak_rss_mb");
  out << line.str() << '\n';
  if (!match) {
    err << "weir-bench state: the " << state::to_string(options.backend)
        << " backend read values summing to " << run.checksum << " but the baseline read "
        << reference.checksum << '\n';
    return 2;
  }
  return 0;
}

} // namespace weir::bench
