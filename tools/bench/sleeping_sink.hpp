#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <thread>

#include "bench/workload.hpp"
#include "weir/sink_function.hpp"

namespace weir::bench {

/// A sink slower than any source: it sleeps `sleep` after every `every` records (a batch), as
/// a sink that waits on an external system does, and adds what it took to a shared counter.
/// It holds its task's scheduler thread while it sleeps, without using a core. Each parallel
/// instance is a copy.
class sleeping_sink final : public sink_function<celsius_reading> {
public:
  sleeping_sink(std::shared_ptr<std::atomic<std::uint64_t>> taken, std::chrono::microseconds sleep,
                std::uint64_t every)
    : taken_(std::move(taken)), sleep_(sleep), every_(every) {}

  void invoke(const celsius_reading&) override {
    if (++since_sleep_ < every_)
      return;
    taken_->fetch_add(since_sleep_, std::memory_order_relaxed);
    since_sleep_ = 0;
    std::this_thread::sleep_for(sleep_);
  }

private:
  std::shared_ptr<std::atomic<std::uint64_t>> taken_;
  std::chrono::microseconds sleep_;
  std::uint64_t every_;
  std::uint64_t since_sleep_ = 0;
};

} // namespace weir::bench
