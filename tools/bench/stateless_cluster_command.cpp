#include "bench/stateless_cluster_command.hpp"

#include <algorithm>
#include <ostream>
#include <variant>

#include "bench/cluster_job_run.hpp"
#include "bench/job_log_capture.hpp"
#include "bench/local_cluster.hpp"
#include "bench/peak_rss.hpp"
#include "bench/report_line.hpp"
#include "bench/stateless_baseline.hpp"
#include "bench/stateless_job.hpp"
#include "bench/stateless_settings.hpp"
#include "bench/workload.hpp"
#include "weir/weir.hpp"

namespace weir::bench {

namespace {

constexpr const char* name = "weir-bench stateless";

double seconds(std::chrono::nanoseconds d) { return std::chrono::duration<double>(d).count(); }

double rate(std::uint64_t events, std::chrono::nanoseconds d) {
  auto s = seconds(d);
  return s > 0 ? static_cast<double>(events) / s : 0.0;
}

bool same_totals(const stateless_totals& a, const stateless_totals& b) {
  return a.results == b.results && a.checksum_units == b.checksum_units;
}

/// The one-process run: the embedded mini cluster, whatever this process's settings.
struct one_process_run {
  stateless_run run;
  std::chrono::nanoseconds net{0};
};

one_process_run run_one_process(const stateless_options& o) {
  result_accumulator accumulator;
  environment env{configuration{}}; // embedded, not this process's cluster settings
  add_stateless_job(env, o, accumulator);
  one_process_run out;
  auto start = std::chrono::steady_clock::now();
  auto result = env.execute(stateless_job_name);
  out.run.elapsed = std::chrono::steady_clock::now() - start;
  out.net = result.net_runtime();
  if (!result)
    out.run.failure = result.err();
  else if (accumulator.instances() != o.parallelism)
    out.run.failure = error{errc::internal, std::to_string(accumulator.instances()) + " of "
                                              + std::to_string(o.parallelism)
                                              + " sink instances reported"};
  else
    out.run.totals = accumulator.totals();
  return out;
}

} // namespace

int run_stateless_worker(const stateless_options& o, std::ostream& out, std::ostream& err) {
  result_accumulator accumulator;
  environment env; // this process's settings: --weir-role worker ...
  add_stateless_job(env, o, accumulator);
  auto wire_before = wire_totals::of_this_process();
  auto result = env.execute(stateless_job_name);
  auto wire = wire_totals::of_this_process().since(wire_before);
  worker_report r;
  r.job_ok = static_cast<bool>(result);
  r.results = accumulator.totals().results;
  r.checksum_units = accumulator.totals().checksum_units;
  r.sink_instances = static_cast<std::uint64_t>(accumulator.instances());
  r.records_sent = wire.records_sent;
  r.bytes_sent = wire.bytes_sent;
  r.batches_sent = wire.batches_sent;
  r.records_received = wire.records_received;
  r.bytes_received = wire.bytes_received;
  r.peak_rss_mb = peak_rss_mb().value_or(-1.0);
  out << r.line() << std::endl;
  if (!result) {
    err << name << " (worker): the job failed: " << result.err().to_string() << '\n';
    return 1;
  }
  return 0;
}

int run_stateless_cluster_command(const stateless_options& o, bench_mode mode,
                                  std::vector<std::string> program_args, std::ostream& out,
                                  std::ostream& err) {
  const auto events = o.workload.events;
  stateless_run reference;
  if (mode != bench_mode::weir)
    reference = run_baseline(o);

  auto one = run_one_process(o);
  if (one.run.failure) {
    err << name << ": the one-process job failed: " << one.run.failure->to_string() << '\n';
    return 1;
  }

  local_cluster_options lo;
  lo.processes = o.processes;
  lo.slots_per_process = slots_per_process(o);
  lo.program_args = std::move(program_args);
  auto prepared = local_cluster::prepare(std::move(lo));
  if (auto* e = std::get_if<error>(&prepared)) {
    err << name << ": " << e->message() << '\n';
    return 1;
  }
  auto& cluster = std::get<local_cluster>(prepared);
  auto log = job_log_capture::attach();
  log->clear();
  result_accumulator accumulator;
  environment env{configuration{}};
  add_stateless_job(env, o, accumulator);
  auto run = run_on_local_cluster(env, stateless_job_name, cluster);
  for (const auto& p : run.problems)
    err << name << ": " << p << '\n';
  if (!run.result) {
    err << name << ": the cluster job failed: " << run.result.err().to_string() << '\n';
    return 1;
  }

  // The job's totals: this process's sink instances and every worker's.
  stateless_totals totals = accumulator.totals();
  auto instances = static_cast<std::uint64_t>(accumulator.instances());
  double worker_rss = -1;
  for (const auto& w : run.workers) {
    if (!w || !w->job_ok) {
      err << name << ": a worker did not report its totals\n";
      return 1;
    }
    totals.results += w->results;
    totals.checksum_units += w->checksum_units;
    instances += w->sink_instances;
    worker_rss = std::max(worker_rss, w->peak_rss_mb);
  }
  auto sink_in = run.result.records_in("Counting Sink");
  if (instances != static_cast<std::uint64_t>(o.parallelism) || sink_in != totals.results) {
    err << name << ": " << instances << " of " << o.parallelism
        << " sink instances reported, with results=" << totals.results
        << "; the job metrics say " << sink_in << " records reached the sinks\n";
    return 1;
  }

  auto wire = run.wire();
  auto edge = run.result.records_out("To Celsius");
  report_line line;
  line.add("events_per_sec", rate(events, run.elapsed), "%.0f")
    .add("results", totals.results)
    .add("checksum", checksum_degrees(totals.checksum_units), "%.9e");
  bool match = same_totals(totals, one.run.totals);
  if (mode == bench_mode::compare) {
    match = match && same_totals(totals, reference.totals);
    auto base = reference.events_per_sec(events);
    line.add("baseline_events_per_sec", base, "%.0f")
      .add("ratio", base > 0 ? rate(events, run.elapsed) / base : 0.0, "%.4f")
      .add("match", match ? "yes" : "no");
  }
  auto one_eps = one.run.events_per_sec(events);
  line.add("one_process_events_per_sec", one_eps, "%.0f");
  if (mode == bench_mode::compare) {
    auto base = reference.events_per_sec(events);
    line.add("one_process_ratio", base > 0 ? one_eps / base : 0.0, "%.4f");
  }
  line.add("vs_one_process", one_eps > 0 ? rate(events, run.elapsed) / one_eps : 0.0, "%.4f")
    .add("one_process_match", same_totals(totals, one.run.totals) ? "yes" : "no");
  add_stateless_settings(line, o, mode);
  line.add("elapsed_s", seconds(run.elapsed), "%.3f")
    .add("one_process_elapsed_s", one.run.elapsed_seconds(), "%.3f");
  if (mode == bench_mode::compare)
    line.add("baseline_elapsed_s", reference.elapsed_seconds(), "%.3f");
  auto deployed = log->first("on the cluster (attempt 1)", run.started_ns);
  line.add("startup_ms",
           deployed != 0 ? static_cast<double>(deployed - run.started_ns) / 1e6 : -1.0, "%.1f")
    .add("net_runtime_s", seconds(run.result.net_runtime()), "%.3f")
    .add("one_process_net_runtime_s", seconds(one.net), "%.3f")
    .add("edge_records", edge)
    .add("wire_records", wire.records_sent)
    .add("crossed_fraction",
         edge > 0 ? static_cast<double>(wire.records_sent) / static_cast<double>(edge) : 0.0,
         "%.4f")
    .add("wire_bytes_per_record",
         wire.records_sent > 0
           ? static_cast<double>(wire.bytes_sent) / static_cast<double>(wire.records_sent)
           : 0.0,
         "%.2f")
    .add("records_per_wire_batch",
         wire.batches_sent > 0
           ? static_cast<double>(wire.records_sent) / static_cast<double>(wire.batches_sent)
           : 0.0,
         "%.1f")
    .add("wire_mb", static_cast<double>(wire.bytes_sent) / (1024.0 * 1024.0), "%.1f");
  add_peak_rss(line, peak_rss_mb());
  add_peak_rss(line, worker_rss >= 0 ? std::optional<double>{worker_rss} : std::nullopt,
               "worker_peak_rss_mb");
  out << line.str() << '\n';
  if (wire.records_sent != wire.records_received)
    err << name << ": " << wire.records_sent << " records were sent over the wire but "
        << wire.records_received << " received\n";
  if (!match) {
    err << name << ": the cluster computed results=" << totals.results
        << " checksum_units=" << totals.checksum_units << ", one process results="
        << one.run.totals.results << " checksum_units=" << one.run.totals.checksum_units;
    if (mode == bench_mode::compare)
      err << ", the plain loop results=" << reference.totals.results
          << " checksum_units=" << reference.totals.checksum_units;
    err << '\n';
    return 2;
  }
  return 0;
}

} // namespace weir::bench
