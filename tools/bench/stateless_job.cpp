#include "bench/stateless_job.hpp"

#include <string>

#include "bench/counting_sink.hpp"
#include "bench/paced_source.hpp"
#include "bench/strided_source.hpp"
#include "bench/timed_job.hpp"
#include "weir/weir.hpp"

namespace weir::bench {

void add_stateless_job(environment& env, const stateless_options& options,
                       result_accumulator& accumulator,
                       std::shared_ptr<arrival_timeline> arrivals) {
  env.set_parallelism(options.parallelism)
    .set_batch_size(options.batch_size)
    .set_buffer_timeout(options.buffer_timeout)
    .set_credits_per_channel(options.credits);
  env.config().worker_threads = options.worker_threads;

  const auto w = options.workload;
  const bool paced = options.rate > 0;
  auto readings =
    paced ? env.add_source(paced_source{w, options.rate}, "Paced Source")
    : options.cross_all
      ? env.add_source(strided_source{w}, "Strided Source")
      : env.generate(w.events, [w](std::uint64_t i) { return make_reading(i, w); });
  // add_source defaults to parallelism 1 (as in Flink); the benchmark runs every operator at P.
  readings.set_parallelism(options.parallelism);

  auto celsius = readings.map([](const sensor_reading& r) { return to_celsius(r); });
  celsius.name("To Celsius");
  if (options.cross_all)
    celsius = celsius.partition_custom(
      [](std::uint64_t key, int partitions) {
        return static_cast<int>((key + 1) % static_cast<std::uint64_t>(partitions));
      },
      [](const celsius_reading& r) { return r.key; });
  else if (options.rebalance)
    celsius = celsius.rebalance();
  auto hot = celsius.filter([](const celsius_reading& r) { return is_hot(r); });
  hot.name("Hot Readings");
  hot.add_sink(counting_sink{&accumulator, paced, options.slow_sink, 1024, std::move(arrivals)},
               "Counting Sink");
}

stateless_run run_weir(const stateless_options& options) {
  // The accumulator outlives the job: execute() returns only after every task stopped.
  result_accumulator accumulator;
  environment env;
  add_stateless_job(env, options, accumulator);
  return execute_timed(env, stateless_job_name, accumulator, options.parallelism);
}

} // namespace weir::bench
