#include "bench/backpressure_command.hpp"

#include <limits>
#include <ostream>
#include <thread>
#include <variant>

#include "bench/checkpoint_summary.hpp"
#include "bench/checkpoint_watch.hpp"
#include "bench/report_line.hpp"
#include "bench/scratch_directory.hpp"
#include "bench/sleeping_sink.hpp"
#include "bench/strided_source.hpp"
#include "weir/weir.hpp"

namespace weir::bench {

namespace {

constexpr const char* name = "weir-bench checkpoint-backpressure";

} // namespace

int run_backpressure_command(const backpressure_options& o, std::ostream& out,
                             std::ostream& err) {
  auto dir = scratch_directory::create(o.checkpoint_dir, "weir-bench-checkpoints-");
  if (auto* e = std::get_if<error>(&dir)) {
    err << name << ": --checkpoint-dir: " << e->message() << '\n';
    return 1;
  }
  const auto& scratch = std::get<scratch_directory>(dir);

  auto taken = std::make_shared<std::atomic<std::uint64_t>>(0);
  environment env;
  env.set_parallelism(o.parallelism)
    .set_batch_size(o.batch_size)
    .set_credits_per_channel(o.credits)
    .set_restart_strategy(restart_strategy::none());
  env.config().worker_threads = o.worker_threads;
  env.enable_checkpointing(o.checkpoint_interval, checkpointing_mode::exactly_once);
  env.checkpoint_config().directory = scratch.path().string();
  env.checkpoint_config().unaligned = o.unaligned;

  // Unbounded in practice: the job is cancelled long before the source runs dry.
  workload_params w{std::numeric_limits<std::uint64_t>::max(), 1000, 10};
  auto readings = env.add_source(strided_source{w}, "Readings");
  readings.set_parallelism(o.parallelism);
  auto celsius = readings.map([](const sensor_reading& r) { return to_celsius(r); });
  celsius.name("To Celsius");
  celsius.rebalance().add_sink(sleeping_sink{taken, o.sink_sleep, o.batch_size}, "Slow Sink");

  checkpoint_watch watch{scratch.path()};
  auto client = env.execute_async(name);
  std::this_thread::sleep_for(o.duration);
  auto taken_at_end = taken->load(std::memory_order_relaxed);
  client.cancel();
  auto result = client.wait();
  auto samples = watch.stop();
  if (!result && result.err().code() != errc::cancelled) {
    err << name << ": the job failed: " << result.err().to_string() << '\n';
    return 1;
  }

  auto seconds = static_cast<double>(o.duration.count());
  auto rate = static_cast<double>(taken_at_end) / seconds;
  auto in_flight = static_cast<std::uint64_t>(o.parallelism) * o.parallelism * o.credits
                   * o.batch_size;
  report_line line;
  line.add("checkpoints", result.completed_checkpoints());
  checkpoint_summary::of(samples).add_to(line, "checkpoint_");
  line.add("sink_records_per_sec", rate, "%.0f")
    .add("in_flight_records", in_flight)
    .add("drain_ms", rate > 0 ? static_cast<double>(in_flight) / rate * 1e3 : 0.0, "%.1f")
    .add("unaligned", o.unaligned ? "yes" : "no")
    .add("parallelism", o.parallelism)
    .add("batch_size", static_cast<std::uint64_t>(o.batch_size))
    .add("credits", static_cast<std::uint64_t>(o.credits))
    .add("sink_sleep_us", static_cast<std::int64_t>(o.sink_sleep.count()))
    .add("seconds", static_cast<std::int64_t>(o.duration.count()))
    .add("checkpoint_interval_ms", static_cast<std::int64_t>(o.checkpoint_interval.count()))
    .add("threads", static_cast<std::uint64_t>(o.worker_threads));
  out << line.str() << '\n';
  return 0;
}

} // namespace weir::bench
