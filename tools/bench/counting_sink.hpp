#pragma once

#include <chrono>
#include <cstdint>
#include <memory>

#include "bench/arrival_timeline.hpp"
#include "bench/latency_histogram.hpp"
#include "bench/wall_clock.hpp"
#include "bench/result_accumulator.hpp"
#include "bench/workload.hpp"
#include "weir/sink_function.hpp"

namespace weir::bench {

/// The benchmark's sink: counts the results and sums their checksum without keeping them, so
/// its memory does not grow with the input. Each parallel instance is a copy that sums
/// locally and hands its partial totals to the shared accumulator once, in finish().
///
/// Options: `track_latency` records now - emitted_ns per record (rate-limited runs);
/// `slow_for` > 0 makes it spin that long after every `slow_every` records, a sink slower
/// than its source to exercise backpressure. With `arrivals`, open() registers the instance's
/// execution attempt there and every record stamps its arrival (steady clock), which
/// `weir-bench node-loss` reads to see when processing resumed after a restart.
class counting_sink final : public sink_function<celsius_reading> {
public:
  counting_sink(result_accumulator* target, bool track_latency,
                std::chrono::microseconds slow_for, std::uint64_t slow_every = 1024,
                std::shared_ptr<arrival_timeline> arrivals = nullptr)
    : target_(target), track_latency_(track_latency), slow_for_(slow_for),
      slow_every_(slow_for.count() > 0 ? slow_every : 0), arrivals_(std::move(arrivals)) {}

  // Copies share the target, never partial totals: every instance starts from zero. The
  // histogram (30 KiB) is created in open() by the instances that record latencies.
  counting_sink(const counting_sink& other)
    : sink_function(other), target_(other.target_), track_latency_(other.track_latency_),
      slow_for_(other.slow_for_), slow_every_(other.slow_every_), arrivals_(other.arrivals_) {}
  counting_sink& operator=(const counting_sink&) = delete;

  void open(const runtime_context& ctx) override {
    if (arrivals_) {
      attempt_ = arrivals_->open(steady_now_ns());
      subtask_ = ctx.index_of_this_subtask();
    }
    results_ = 0;
    checksum_ = 0;
    if (track_latency_)
      latency_ = std::make_unique<latency_histogram>();
  }

  void invoke(const celsius_reading& r) override {
    ++results_;
    checksum_ += checksum_units(r);
    if (track_latency_)
      latency_->record(steady_now_ns() - r.emitted_ns);
    if (arrivals_)
      arrivals_->arrived(attempt_, subtask_, steady_now_ns());
    if (slow_every_ != 0 && results_ % slow_every_ == 0)
      busy_wait(slow_for_);
  }

  void finish() override { target_->add(results_, checksum_, latency_.get()); }

private:
  result_accumulator* target_;
  bool track_latency_;
  std::chrono::microseconds slow_for_;
  std::uint64_t slow_every_;
  std::uint64_t results_ = 0;
  std::int64_t checksum_ = 0;
  std::unique_ptr<latency_histogram> latency_;
  std::shared_ptr<arrival_timeline> arrivals_;
  int attempt_ = 0;
  int subtask_ = 0;
};

} // namespace weir::bench
