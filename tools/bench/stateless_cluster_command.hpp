#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "bench/bench_mode.hpp"
#include "bench/stateless_options.hpp"

namespace weir::bench {

/// `weir-bench stateless --processes N` (N >= 2), the coordinator's side. In one process and
/// one run: the plain loop (compare mode), the job on the embedded mini cluster ("one
/// process"), then the same job on a local_cluster of N processes (this one and N - 1 workers
/// started from `program_args`, see local_cluster). Writes one line: the fields of
/// run_compared for the cluster run (`events_per_sec`, `results`, `checksum`; in compare mode
/// `baseline_events_per_sec`, `ratio` = cluster / plain loop, `match`), then
/// `one_process_events_per_sec`, `one_process_ratio` (one process / plain loop, compare mode),
/// `vs_one_process` (cluster / one process) and `one_process_match`; the settings;
/// `elapsed_s`, `one_process_elapsed_s`, `startup_ms` (execute_async to every task deployed
/// on the cluster: starting the workers, their registration, the deployment), `net_runtime_s`
/// and `one_process_net_runtime_s` (job_execution_result::net_runtime: from the job master's
/// start, which in a cluster precedes the workers' registration); then what crossed:
/// `edge_records` (records out of the map, i.e. into the partitioned edge), `wire_records`,
/// `crossed_fraction` = wire_records / edge_records, `wire_bytes_per_record`,
/// `records_per_wire_batch`, `wire_mb`; `peak_rss_mb` of this process and the largest
/// worker's `worker_peak_rss_mb`. The results count every sink instance in every process: the
/// workers' partial totals come back in their worker_report, and the sum is checked against the
/// job metrics' records into "Counting Sink" (gathered from all tasks). Returns 0, 1 if a
/// job or a worker failed, 2 if results differ from the plain loop's or the one-process run's.
int run_stateless_cluster_command(const stateless_options& options, bench_mode mode,
                                  std::vector<std::string> program_args, std::ostream& out,
                                  std::ostream& err);

/// The worker's side (this process was started with --weir-role worker): runs the tasks the
/// coordinator places here and prints its worker_report on `out`. Returns 0, or 1 if the job
/// failed here.
int run_stateless_worker(const stateless_options& options, std::ostream& out, std::ostream& err);

} // namespace weir::bench
