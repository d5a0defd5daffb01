#include "bench/actor_source_command.hpp"

#include <memory>
#include <ostream>
#include <vector>

#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/event_based_actor.hpp>

#include "bench/counting_sink.hpp"
#include "bench/report_line.hpp"
#include "bench/run_report.hpp"
#include "bench/stateless_baseline.hpp"
#include "bench/stateless_job.hpp"
#include "bench/stateless_settings.hpp"
#include "bench/timed_job.hpp"
#include "weir/weir.hpp"

namespace weir::bench {

namespace {

/// A producer actor: on each demand it makes that many readings of the workload, in order,
/// and sends them as one batch; after the last it closes the inlet.
caf::behavior reading_producer(caf::event_based_actor* self, inlet<sensor_reading> in,
                               workload_params w) {
  auto producer = open_producer(self, in);
  auto next = std::make_shared<std::uint64_t>(0);
  return {
    [=](const inlet_demand& d) {
      std::vector<sensor_reading> batch;
      auto n = std::min<std::uint64_t>(d.records, w.events - *next);
      batch.reserve(n);
      for (std::uint64_t i = 0; i < n; ++i)
        batch.push_back(make_reading((*next)++, w));
      (void) producer.send(std::move(batch));
      if (*next == w.events) {
        producer.close();
        in.close();
        self->quit();
      }
    },
    [=](const inlet_closed&) { self->quit(); },
  };
}

stateless_run run_actor_source(const actor_source_options& options) {
  const auto& o = options.stateless;
  result_accumulator accumulator;
  environment env;
  env.set_parallelism(1).set_batch_size(o.batch_size).set_buffer_timeout(o.buffer_timeout);
  env.config().worker_threads = o.worker_threads;
  auto [readings, in] = env.from_actor<sensor_reading>("readings", inlet_options{options.capacity});
  readings.map([](const sensor_reading& r) { return to_celsius(r); })
    .filter([](const celsius_reading& r) { return is_hot(r); })
    .add_sink(counting_sink{&accumulator, false, std::chrono::microseconds{0}}, "Counting Sink");
  // The producer lives in the program's own actor system, as a user's actors would.
  caf::actor_system_config cfg;
  cfg.set("scheduler.max-threads", std::size_t{1});
  caf::actor_system users{cfg};
  if (o.workload.events == 0)
    in.close();
  else
    users.spawn(reading_producer, in, o.workload);
  return execute_timed(env, "weir-bench actor-source", accumulator, 1);
}

} // namespace

int run_actor_source_command(const actor_source_options& options, bench_mode mode,
                             std::ostream& out, std::ostream& err) {
  auto generate = options.stateless;
  generate.parallelism = 1;
  generate.rebalance = false;
  if (mode == bench_mode::compare) {
    auto loop = run_baseline(generate);
    report_line line;
    line.add("mode", "loop")
      .add("loop_events_per_sec", loop.events_per_sec(generate.workload.events), "%.0f")
      .add("loop_results", loop.totals.results)
      .add("loop_elapsed_s", loop.elapsed_seconds(), "%.3f");
    out << line.str() << '\n';
  }
  compared_command command{
    "weir-bench actor-source", options.stateless.workload.events,
    [&] { return run_weir(generate); }, [&] { return run_actor_source(options); },
    [&](report_line& line, bench_mode m) {
      add_stateless_settings(line, generate, m);
      line.add("source", "actor").add("baseline", "generate").add("capacity", options.capacity);
    },
    {}};
  return run_compared(command, mode == bench_mode::baseline ? bench_mode::baseline : mode, out,
                      err);
}

} // namespace weir::bench
