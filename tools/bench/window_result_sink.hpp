#pragma once

#include <cstdint>
#include <memory>

#include "bench/arrival_timeline.hpp"
#include "bench/latency_histogram.hpp"
#include "bench/result_accumulator.hpp"
#include "bench/strided_source.hpp"
#include "bench/wall_clock.hpp"
#include "bench/window_average.hpp"
#include "weir/sink_function.hpp"

namespace weir::bench {

/// Maps event time to the wall time of a paced run: event i is due at start + i / rate, so
/// the first event at or after event time `t_ms` (index t_ms * events_per_ms) is due
/// `t_ms * events_per_ms / rate` seconds after the start.
struct pace_schedule {
  std::shared_ptr<pace_start> start;
  double events_per_sec = 0;
  workload_params workload;

  /// Steady-clock ns at which the source was due to emit the first event of event time
  /// `t_ms`, i.e. the earliest moment anything could know that every window ending at
  /// `t_ms` is complete.
  [[nodiscard]] std::int64_t due_ns(std::int64_t t_ms) const noexcept {
    auto index = static_cast<double>(t_ms) * static_cast<double>(workload.events_per_ms);
    return start->load(std::memory_order_relaxed)
           + static_cast<std::int64_t>(index / events_per_sec * 1e9);
  }
  /// Whether the window ending at `t_ms` closes on a record (rather than on the final
  /// watermark at the end of input, whose time has nothing to do with the window's end).
  [[nodiscard]] bool closed_by_a_record(std::int64_t t_ms) const noexcept {
    return static_cast<std::uint64_t>(t_ms) * workload.events_per_ms < workload.events;
  }
};

/// The keyed window benchmark's sink: counts the window results and sums their checksum
/// without keeping them. Each parallel instance is a copy that sums locally and hands its
/// partial totals to the shared accumulator once, in finish().
///
/// With a schedule (paced runs) it records each result's latency: the wall time at which the
/// sink receives it minus the time the first event past its window was due (pace_schedule).
/// That is the latency of the window operator's firing as a user sees it: watermark
/// generation and its period, the key_by hop, the firing and the chain to the sink.
///
/// With an arrival timeline (recovery runs) it stamps every result's arrival there, by
/// execution attempt and instance.
class window_result_sink final : public sink_function<window_average> {
public:
  window_result_sink(result_accumulator* target, std::shared_ptr<const pace_schedule> schedule,
                     std::shared_ptr<arrival_timeline> arrivals = nullptr)
    : target_(target), schedule_(std::move(schedule)), arrivals_(std::move(arrivals)) {}

  window_result_sink(const window_result_sink& other)
    : sink_function(other), target_(other.target_), schedule_(other.schedule_),
      arrivals_(other.arrivals_) {}
  window_result_sink& operator=(const window_result_sink&) = delete;

  void open(const runtime_context& ctx) override {
    results_ = 0;
    checksum_ = 0;
    if (schedule_)
      latency_ = std::make_unique<latency_histogram>();
    subtask_ = ctx.index_of_this_subtask();
    if (arrivals_)
      attempt_ = arrivals_->open(steady_now_ns());
  }

  void invoke(const window_average& r) override {
    ++results_;
    checksum_ += average_units(r);
    if (schedule_ && schedule_->closed_by_a_record(r.window_end_ms))
      latency_->record(steady_now_ns() - schedule_->due_ns(r.window_end_ms));
    if (arrivals_)
      arrivals_->arrived(attempt_, subtask_, steady_now_ns());
  }

  void finish() override { target_->add(results_, checksum_, latency_.get()); }

private:
  result_accumulator* target_;
  std::shared_ptr<const pace_schedule> schedule_;
  std::shared_ptr<arrival_timeline> arrivals_;
  int subtask_ = 0;
  int attempt_ = 0;
  std::uint64_t results_ = 0;
  std::int64_t checksum_ = 0;
  std::unique_ptr<latency_histogram> latency_;
};

} // namespace weir::bench
