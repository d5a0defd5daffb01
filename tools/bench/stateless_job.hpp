#pragma once

#include <memory>

#include "bench/arrival_timeline.hpp"
#include "bench/result_accumulator.hpp"
#include "bench/stateless_options.hpp"
#include "bench/stateless_run.hpp"
#include "weir/environment.hpp"

namespace weir::bench {

/// The job's name, the same in every process of a cluster (it is part of the plan's
/// fingerprint).
inline constexpr const char* stateless_job_name = "weir-bench stateless";

/// Adds the stateless workload to `env` (its batching settings and its graph):
///
///   generate (or paced_source with a rate) ─► map(to_celsius) ─[rebalance]─►
///     filter(is_hot) ─► counting_sink
///
/// every operator at `options.parallelism`. Without rebalance the chain is one task per
/// parallel instance; with it, map and filter run in different task actors and batches cross
/// mailboxes with credits (or, in a cluster, the wire when the two ends run in different
/// processes). With `cross_all` the source is strided_source (instance s emits events s,
/// s + P, ...) and the edge is partition_custom by key to (key + 1) % P: since keys is a
/// multiple of P, key % P is the emitting instance, so instance s of the map sends every record
/// to instance s + 1 of the filter. The sink instances add their totals to `accumulator` in
/// finish(); with `arrivals` they also stamp every record's arrival there (node-loss timing).
void add_stateless_job(environment& env, const stateless_options& options,
                       result_accumulator& accumulator,
                       std::shared_ptr<arrival_timeline> arrivals = nullptr);

/// Runs the stateless workload (add_stateless_job) as a Weir job where this process's cluster
/// settings say (the embedded mini cluster unless weir::init was given --weir-* flags).
/// Blocks until the job ends.
[[nodiscard]] stateless_run run_weir(const stateless_options& options);

} // namespace weir::bench
