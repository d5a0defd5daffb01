#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "sensor_reading.hpp"
#include "weir/weir.hpp"

namespace weir::examples {

/// The book's SensorSource: `sensors` thermometers ("sensor_1".."sensor_N") whose temperature
/// (°F) starts at 65 ± 20 and takes a Gaussian random walk (σ 0.5) every `interval`. Each tick
/// emits one reading per sensor stamped with the tick's time on the injected clock (event
/// time = the time the reading was taken, so timestamps rise). The source ends `duration`
/// after its first poll. It never blocks: between ticks a poll answers nothing_available and
/// the task polls again after a short pause. Parallelism 1 (add_source's default).
class sensor_source final : public weir::source_function<sensor_reading> {
public:
  sensor_source(std::shared_ptr<const weir::time::clock> clock, int sensors,
                std::chrono::milliseconds interval, std::chrono::milliseconds duration,
                std::uint64_t seed)
    : clock_(std::move(clock)), sensors_(sensors), interval_(interval), duration_(duration),
      seed_(seed) {}

  void open(const weir::runtime_context&) override {
    std::mt19937_64 rng{seed_};
    std::normal_distribution<double> gauss;
    temperatures_.clear();
    for (int i = 0; i < sensors_; ++i)
      temperatures_.push_back(65 + gauss(rng) * 20);
    rng_ = rng;
  }

  weir::source_status poll(weir::collector<sensor_reading>& out, std::size_t max_records) override {
    auto now = clock_->now();
    if (!started_) {
      started_ = true;
      next_tick_ = now;
      end_ = now + duration_;
    }
    // Whole ticks, as many as are due and fit in max_records (at least one).
    const auto per_tick = static_cast<std::size_t>(sensors_);
    std::size_t emitted = 0;
    while (next_tick_ <= now && next_tick_ < end_
           && (emitted == 0 || emitted + per_tick <= max_records)) {
      for (int i = 0; i < sensors_; ++i) {
        temperatures_[i] += gauss_(rng_) * 0.5;
        out.collect(sensor_reading{"sensor_" + std::to_string(i + 1), next_tick_.count(),
                                   temperatures_[i], 0});
      }
      emitted += per_tick;
      next_tick_ += interval_;
    }
    if (next_tick_ >= end_)
      return weir::source_status::end_of_input;
    return next_tick_ <= now ? weir::source_status::more_available
                             : weir::source_status::nothing_available;
  }

private:
  std::shared_ptr<const weir::time::clock> clock_;
  int sensors_;
  std::chrono::milliseconds interval_;
  std::chrono::milliseconds duration_;
  std::uint64_t seed_;
  std::mt19937_64 rng_;
  std::normal_distribution<double> gauss_;
  std::vector<double> temperatures_;
  bool started_ = false;
  std::chrono::milliseconds next_tick_{0};
  std::chrono::milliseconds end_{0};
};

} // namespace weir::examples
