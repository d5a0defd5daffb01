#pragma once

#include <atomic>
#include <chrono>
#include <memory>

namespace weir::time {

/// Processing time, injected: everything that times out, backs off or expires reads it (state
/// TTL, source poll bounds, and later timers, periodic watermarks, idleness, restart delays),
/// so tests drive time with a manual_clock. Milliseconds since the epoch, Flink's processing
/// time. `now()` may be called from any task's thread.
class clock {
public:
  virtual ~clock() = default;
  [[nodiscard]] virtual std::chrono::milliseconds now() const noexcept = 0;
};

/// The system's wall clock.
class wall_clock final : public clock {
public:
  [[nodiscard]] std::chrono::milliseconds now() const noexcept override {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::system_clock::now().time_since_epoch());
  }
};

/// The process-wide wall clock, the default wherever no clock is injected.
[[nodiscard]] inline std::shared_ptr<const clock> system_clock() {
  static const auto instance = std::make_shared<const wall_clock>();
  return instance;
}

/// A clock that moves only when told to (tests). Thread-safe: a test thread may advance it
/// while tasks read it.
class manual_clock final : public clock {
public:
  explicit manual_clock(std::chrono::milliseconds start = std::chrono::milliseconds{0})
    : now_(start.count()) {}
  [[nodiscard]] std::chrono::milliseconds now() const noexcept override {
    return std::chrono::milliseconds{now_.load(std::memory_order_acquire)};
  }
  void advance(std::chrono::milliseconds by) noexcept {
    now_.fetch_add(by.count(), std::memory_order_acq_rel);
  }
  void set(std::chrono::milliseconds to) noexcept {
    now_.store(to.count(), std::memory_order_release);
  }

private:
  std::atomic<std::chrono::milliseconds::rep> now_;
};

} // namespace weir::time
