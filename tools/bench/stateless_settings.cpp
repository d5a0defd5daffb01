#include "bench/stateless_settings.hpp"

namespace weir::bench {

int slots_per_process(const stateless_options& o) noexcept {
  return (o.parallelism + o.processes - 1) / o.processes;
}

void add_stateless_settings(report_line& line, const stateless_options& o, bench_mode mode) {
  line.add("mode", to_string(mode))
    .add("events", o.workload.events)
    .add("keys", o.workload.keys)
    .add("events_per_ms", o.workload.events_per_ms);
  if (mode == bench_mode::baseline) {
    line.add("slow_sink_us", static_cast<std::int64_t>(o.slow_sink.count()));
    return;
  }
  line.add("parallelism", o.parallelism)
    .add("rebalance", o.rebalance ? "yes" : "no");
  if (o.cross_all)
    line.add("cross_all", "yes");
  line.add("batch_size", static_cast<std::uint64_t>(o.batch_size))
    .add("buffer_timeout_ms", static_cast<std::int64_t>(o.buffer_timeout.count()))
    .add("credits", static_cast<std::uint64_t>(o.credits))
    .add("rate", o.rate, "%.0f")
    .add("slow_sink_us", static_cast<std::int64_t>(o.slow_sink.count()));
  if (o.processes > 1)
    line.add("processes", o.processes).add("slots_per_process", slots_per_process(o));
}

} // namespace weir::bench
