#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>

#include "bench/wall_clock.hpp"
#include "bench/workload.hpp"
#include "weir/flow/operators/generator_source.hpp"
#include "weir/source_function.hpp"

namespace weir::bench {

/// A source that emits the workload's events on a wall-clock schedule: instance s of P emits
/// its share of the indices (as generate() splits them) at `events_per_sec / P`, counted from
/// its first poll. A poll emits what is due (at most `max_records`) stamped with the current
/// steady_clock time, and reports nothing_available when the source is ahead of schedule.
/// Each parallel instance is a copy, polled from its task's thread.
class paced_source final : public source_function<sensor_reading> {
public:
  paced_source(workload_params w, double events_per_sec) : w_(w), rate_(events_per_sec) {}

  void open(const runtime_context& ctx) override {
    auto split = flow::index_split::of(w_.events, ctx.index_of_this_subtask(),
                                       ctx.number_of_parallel_subtasks());
    first_ = split.first;
    next_ = split.first;
    last_ = split.last;
    instance_rate_ = rate_ / ctx.number_of_parallel_subtasks();
    started_ = false;
  }

  source_status poll(collector<sensor_reading>& out, std::size_t max_records) override {
    if (next_ == last_)
      return source_status::end_of_input;
    auto now = steady_now_ns();
    if (!started_) {
      started_ = true;
      start_ns_ = now;
    }
    auto due_total = static_cast<std::uint64_t>(static_cast<double>(now - start_ns_) * 1e-9
                                                * instance_rate_);
    auto due = std::min(last_, first_ + due_total);
    if (due <= next_)
      return source_status::nothing_available;
    auto end = std::min<std::uint64_t>(due, next_ + max_records);
    for (; next_ < end; ++next_)
      out.collect(make_reading(next_, w_, now));
    return next_ == last_ ? source_status::end_of_input : source_status::more_available;
  }

private:
  workload_params w_;
  double rate_;
  double instance_rate_ = 0;
  std::uint64_t first_ = 0;
  std::uint64_t next_ = 0;
  std::uint64_t last_ = 0;
  std::int64_t start_ns_ = 0;
  bool started_ = false;
};

} // namespace weir::bench
