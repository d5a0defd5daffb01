#pragma once

#include <chrono>

namespace weir::state {

/// Where state TTL reads the time: milliseconds since the epoch. Injected into a backend so
/// tests drive time with a manual_clock; production uses wall_clock. Read on the task's thread.
class clock {
public:
  virtual ~clock() = default;
  [[nodiscard]] virtual std::chrono::milliseconds now() const noexcept = 0;
};

/// The system clock.
class wall_clock final : public clock {
public:
  [[nodiscard]] std::chrono::milliseconds now() const noexcept override {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::system_clock::now().time_since_epoch());
  }
};

/// A clock that moves only when told to (tests).
class manual_clock final : public clock {
public:
  explicit manual_clock(std::chrono::milliseconds start = std::chrono::milliseconds{0})
    : now_(start) {}
  [[nodiscard]] std::chrono::milliseconds now() const noexcept override { return now_; }
  void advance(std::chrono::milliseconds by) noexcept { now_ += by; }
  void set(std::chrono::milliseconds to) noexcept { now_ = to; }

private:
  std::chrono::milliseconds now_;
};

} // namespace weir::state
