#include "bench/keyed_window_settings.hpp"

#include "weir/state/backend_kind.hpp"

namespace weir::bench {

void add_keyed_window_settings(report_line& line, const keyed_window_options& o,
                               bench_mode mode) {
  line.add("mode", to_string(mode))
    .add("events", o.workload.events)
    .add("keys", o.workload.keys)
    .add("events_per_ms", o.workload.events_per_ms)
    .add("window_ms", static_cast<std::int64_t>(o.window_size.count()));
  if (mode == bench_mode::baseline)
    return;
  line.add("parallelism", o.parallelism)
    .add("state_backend", state::to_string(o.backend))
    .add("batch_size", static_cast<std::uint64_t>(o.batch_size))
    .add("buffer_timeout_ms", static_cast<std::int64_t>(o.buffer_timeout.count()))
    .add("credits", static_cast<std::uint64_t>(o.credits))
    .add("watermark_interval_ms", static_cast<std::int64_t>(o.watermark_interval.count()))
    .add("rate", o.rate, "%.0f");
  if (o.checkpoint_interval.count() > 0)
    line.add("checkpoint_interval_ms", static_cast<std::int64_t>(o.checkpoint_interval.count()))
      .add("unaligned", o.unaligned ? "yes" : "no");
}

} // namespace weir::bench
