#include "bench/keyed_window_job.hpp"

#include <memory>
#include <vector>

#include "bench/result_accumulator.hpp"
#include "bench/strided_source.hpp"
#include "bench/timed_job.hpp"
#include "bench/window_average.hpp"
#include "bench/window_result_sink.hpp"
#include "weir/weir.hpp"

namespace weir::bench {

namespace {

/// The average of `c` as an incremental aggregate (Flink's AggregateFunction): the window
/// keeps one accumulator per key and window instead of the readings.
struct average_aggregate {
  [[nodiscard]] average_accumulator create_accumulator() const { return {}; }
  [[nodiscard]] average_accumulator add(const celsius_reading& r, average_accumulator acc) const {
    acc.sum += r.c;
    ++acc.count;
    return acc;
  }
  [[nodiscard]] double get_result(const average_accumulator& acc) const {
    return acc.sum / static_cast<double>(acc.count);
  }
  [[nodiscard]] average_accumulator merge(average_accumulator a,
                                          const average_accumulator& b) const {
    a.sum += b.sum;
    a.count += b.count;
    return a;
  }
};

} // namespace

stateless_run run_keyed_window_weir(const keyed_window_options& options,
                                    const keyed_window_faults& faults) {
  // The accumulator outlives the job: execute() returns only after every task stopped.
  result_accumulator accumulator;
  environment env;
  env.set_parallelism(options.parallelism)
    .set_batch_size(options.batch_size)
    .set_buffer_timeout(options.buffer_timeout)
    .set_credits_per_channel(options.credits)
    .set_auto_watermark_interval(options.watermark_interval)
    .set_state_backend(options.backend)
    .set_state_dir(options.state_dir)
    .set_window_cache_entries(options.window_cache_entries);
  env.config().worker_threads = options.worker_threads;
  if (options.checkpoint_interval.count() > 0) {
    env.enable_checkpointing(options.checkpoint_interval, checkpointing_mode::exactly_once);
    env.checkpoint_config().directory = options.checkpoint_dir;
    env.checkpoint_config().unaligned = options.unaligned;
  }
  if (faults.plan)
    env.set_fault_plan(faults.plan);
  // A failure ends a benchmark (Weir, as Flink, would otherwise restart a checkpointed job
  // forever), unless a recovery run asks for restarts.
  env.set_restart_strategy(faults.restart ? *faults.restart : restart_strategy::none());

  const auto w = options.workload;
  std::shared_ptr<const pace_schedule> schedule;
  auto start = std::make_shared<pace_start>(0);
  if (options.rate > 0)
    schedule = std::make_shared<const pace_schedule>(pace_schedule{start, options.rate, w});
  auto readings = env.add_source(strided_source{w, options.rate, start}, "Readings");
  // add_source defaults to parallelism 1 (as in Flink); the benchmark runs every operator at P.
  readings.set_parallelism(options.parallelism);

  auto stamped = readings.assign_timestamps_and_watermarks(
    watermark_strategy<sensor_reading>::for_monotonous_timestamps().with_timestamp_assigner(
      [](const sensor_reading& r) { return r.ts_ms; }));
  auto celsius = stamped.map([](const sensor_reading& r) { return to_celsius(r); });
  celsius.name("To Celsius");
  auto averages =
    celsius.key_by([](const celsius_reading& r) { return r.key; })
      .window(tumbling_event_time_windows::of(options.window_size))
      .aggregate(average_aggregate{},
                 [](const std::uint64_t& key, window_context<time_window>& ctx,
                    const std::vector<double>& avg, collector<window_average>& out) {
                   out.collect({key, ctx.window().end, avg.front()});
                 });
  averages.name("Window Average");
  averages.add_sink(window_result_sink{&accumulator, schedule, faults.arrivals}, "Counting Sink");

  return execute_timed(env, "weir-bench keyed-window", accumulator, options.parallelism);
}

} // namespace weir::bench
