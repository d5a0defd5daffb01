#pragma once

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <memory>

#include "bench/wall_clock.hpp"
#include "bench/workload.hpp"
#include "weir/source_function.hpp"

namespace weir::bench {

/// The steady_clock time (ns) at which a paced run started: set by the first poll of any
/// source instance, read by the sinks to map event time to wall time. 0 until then.
using pace_start = std::atomic<std::int64_t>;

/// The keyed window workload's source: instance s of P emits the events s, s + P, s + 2P ...
/// of the workload (make_reading), so that every instance's event time advances at the same
/// pace, as P partitions of one sensor stream do. (generate() gives each instance a
/// contiguous range instead: instance 1 of 2 would start half-way through event time, and
/// every window it touches would wait for instance 0's watermark, holding half of all
/// windows in state; at P=1 both are the same stream.)
///
/// With `events_per_sec` > 0 it paces itself on the wall clock: event i is due at
/// start + i / events_per_sec, start being the first poll of any instance (`start`, shared),
/// so that event time runs at a fixed multiple of wall time; a poll emits what is due (at most
/// `max_records`), stamped with the current time, and reports nothing_available when ahead
/// of schedule. Each parallel instance is a copy, polled from its task's thread.
class strided_source final : public source_function<sensor_reading> {
public:
  strided_source(workload_params w, double events_per_sec = 0,
                 std::shared_ptr<pace_start> start = nullptr)
    : w_(w), rate_(events_per_sec), start_(std::move(start)) {}

  void open(const runtime_context& ctx) override {
    next_ = static_cast<std::uint64_t>(ctx.index_of_this_subtask());
    stride_ = static_cast<std::uint64_t>(ctx.number_of_parallel_subtasks());
  }

  source_status poll(collector<sensor_reading>& out, std::size_t max_records) override {
    if (next_ >= w_.events)
      return source_status::end_of_input;
    auto bound = w_.events; // emit indices below this
    std::int64_t now = 0;
    if (rate_ > 0) {
      now = steady_now_ns();
      std::int64_t expected = 0;
      if (!start_->compare_exchange_strong(expected, now))
        now = std::max(now, expected);
      auto since = static_cast<double>(now - start_->load()) * 1e-9;
      bound = std::min(bound, static_cast<std::uint64_t>(since * rate_) + 1);
      if (next_ >= bound)
        return source_status::nothing_available;
    }
    auto n = std::min<std::uint64_t>(max_records, (bound - next_ + stride_ - 1) / stride_);
    for (std::uint64_t k = 0; k < n; ++k, next_ += stride_)
      out.collect(make_reading(next_, w_, now));
    return next_ >= w_.events ? source_status::end_of_input : source_status::more_available;
  }

private:
  workload_params w_;
  double rate_;
  std::shared_ptr<pace_start> start_;
  std::uint64_t next_ = 0;
  std::uint64_t stride_ = 1;
};

} // namespace weir::bench
