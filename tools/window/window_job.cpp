#include "window/window_job.hpp"

#include <chrono>
#include <limits>
#include <memory>
#include <string>
#include <utility>

#include "weir/weir.hpp"
#include "window/line_source.hpp"
#include "window/value_aggregate.hpp"

namespace weir::window {

namespace {

using std::chrono::milliseconds;

/// The contract's watermark: after every record, max_ts_seen − bound − 1, emitted when it
/// rises (a punctuated generator: each watermark follows the record that raised it).
class punctuated_watermarks final : public watermark_generator<window_record> {
public:
  explicit punctuated_watermarks(std::int64_t bound) : bound_(bound) {}
  void on_event(const window_record& r, event_time, watermark_output& out) override {
    if (r.timestamp_ms > max_seen_)
      max_seen_ = r.timestamp_ms;
    // No overflow: |timestamp| <= 2^62 and bound <= 2^60 (window_options' limits).
    const auto wm = max_seen_ - bound_ - 1;
    if (!emitted_ || wm > last_) {
      emitted_ = true;
      last_ = wm;
      out.emit_watermark(event_time{wm});
    }
  }
  void on_periodic_emit(watermark_output&) override {}

private:
  std::int64_t bound_;
  std::int64_t max_seen_ = std::numeric_limits<std::int64_t>::min();
  std::int64_t last_ = 0;
  bool emitted_ = false;
};

/// The process window function behind the aggregate: names the firing's key and window.
struct to_firing {
  void operator()(const std::string& key, window_context<time_window>& ctx,
                  const std::vector<double>& result, collector<window_firing>& out) const {
    out.collect({key, ctx.window().start, ctx.window().end, result.front()});
  }
  void operator()(const std::string& key, window_context<global_window>&,
                  const std::vector<double>& result, collector<window_firing>& out) const {
    out.collect({key, 0, 0, result.front()});
  }
};

} // namespace

window_job_result run_window_job(const window_options& o, int fd) {
  environment env;
  // One instance of everything: the rows' arrival order is the order the window operator sees.
  // The generator is punctuated, so no periodic watermarks are needed.
  env.set_parallelism(1).set_auto_watermark_interval(milliseconds{0});

  auto report = std::make_shared<line_source::report>();
  auto strategy =
    watermark_strategy<window_record>::for_generator(punctuated_watermarks{o.bound_or_default()})
      .with_timestamp_assigner([](const window_record& r) { return r.timestamp_ms; });
  auto keyed = env.add_source(line_source(fd, report), "CSV Rows")
                 .assign_timestamps_and_watermarks(strategy)
                 .key_by([](const window_record& r) { return r.key; });

  const output_tag<window_record> late_tag("late-records");
  const value_aggregate agg(o.aggregate);
  std::optional<collected<window_firing>> firings;
  std::optional<collected<window_record>> late;

  // Event-time windows: allowed lateness, late records to the side output, the purging
  // trigger if asked for.
  auto time_windows = [&](auto windowed) {
    auto configured = windowed.allowed_lateness(milliseconds{o.lateness_or_default()})
                        .side_output_late_data(late_tag);
    auto finish = [&](auto w) {
      auto out = w.template aggregate<window_firing>(agg, to_firing{});
      out.name("Window");
      firings.emplace(out.collect());
      late.emplace(out.get_side_output(late_tag).collect());
    };
    if (o.purging)
      finish(configured.trigger(purging_trigger<event_time_trigger>::of(
        event_time_trigger::create())));
    else
      finish(configured);
  };
  auto count_windows = [&](auto windowed) {
    auto out = windowed.template aggregate<window_firing>(agg, to_firing{});
    out.name("Window");
    firings.emplace(out.collect());
  };

  window_job_result result;
  try {
    switch (o.assigner) {
      case assigner_kind::tumbling:
        time_windows(keyed.window(tumbling_event_time_windows::of(
          milliseconds{*o.size}, milliseconds{o.offset_or_default()})));
        break;
      case assigner_kind::sliding:
        time_windows(keyed.window(sliding_event_time_windows::of(
          milliseconds{*o.size}, milliseconds{*o.slide}, milliseconds{o.offset_or_default()})));
        break;
      case assigner_kind::session:
        time_windows(keyed.window(event_time_session_windows::with_gap(milliseconds{*o.gap})));
        break;
      case assigner_kind::count:
        if (o.slide)
          count_windows(keyed.count_window(*o.size, *o.slide));
        else
          count_windows(keyed.count_window(*o.size));
        break;
    }
  } catch (const weir_exception& e) { // an assigner refused its arguments
    result.failure = e.err();
    return result;
  }

  auto run = env.execute("weir-window");
  result.lines = report->lines;
  if (report->malformed) {
    result.malformed = report->malformed;
    return result;
  }
  if (!run.ok()) {
    result.failure = run.err();
    return result;
  }
  result.firings = firings->values();
  if (late)
    result.late = late->values();
  return result;
}

} // namespace weir::window
