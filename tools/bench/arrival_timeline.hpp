#pragma once

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdint>
#include <vector>

namespace weir::bench {

/// When results reached the sinks of a job that restarts, per execution attempt: what
/// `weir-bench recovery` reads to time a recovery from the sink's side. Sink instances of
/// every attempt share one timeline (the sink function holds a shared_ptr; the runtime copies
/// it per instance and per attempt). open() tells an instance its attempt: the k-th group of
/// `parallelism` opens is attempt k. Lock-free; touched from the sinks' task threads.
/// Steady-clock ns; 0 = never happened.
class arrival_timeline {
public:
  /// Attempts recorded; later ones are counted in the last.
  static constexpr int max_attempts = 8;
  /// Instances whose last arrival is kept apart (the failing one is asked for by index).
  static constexpr int max_subtasks = 64;

  explicit arrival_timeline(int parallelism) : parallelism_(parallelism) {}

  /// An instance opened at `now_ns`: returns its attempt.
  int open(std::int64_t now_ns) {
    auto n = opens_.fetch_add(1, std::memory_order_acq_rel);
    int attempt = std::min(n / parallelism_, max_attempts - 1);
    auto& a = attempts_[attempt];
    std::int64_t zero = 0;
    a.first_open.compare_exchange_strong(zero, now_ns, std::memory_order_acq_rel);
    raise(a.last_open, now_ns);
    return attempt;
  }

  /// Instance `subtask` of `attempt` received a result at `now_ns`.
  void arrived(int attempt, int subtask, std::int64_t now_ns) {
    auto& a = attempts_[attempt];
    if (a.first_arrival.load(std::memory_order_relaxed) == 0) {
      std::int64_t zero = 0;
      a.first_arrival.compare_exchange_strong(zero, now_ns, std::memory_order_acq_rel);
    }
    raise(a.last_arrival, now_ns);
    if (subtask < max_subtasks)
      a.last_arrival_of[subtask].store(now_ns, std::memory_order_relaxed);
  }

  /// One attempt's times, read after the job ended.
  struct times {
    std::int64_t first_open = 0;
    std::int64_t last_open = 0;
    std::int64_t first_arrival = 0;
    std::int64_t last_arrival = 0;
  };
  [[nodiscard]] int attempts() const {
    return std::min((opens_.load() + parallelism_ - 1) / parallelism_, max_attempts);
  }
  [[nodiscard]] times of(int attempt) const {
    const auto& a = attempts_[attempt];
    return {a.first_open.load(), a.last_open.load(), a.first_arrival.load(),
            a.last_arrival.load()};
  }
  /// Last result instance `subtask` received in `attempt` (0 if none).
  [[nodiscard]] std::int64_t last_arrival_of(int attempt, int subtask) const {
    return subtask < max_subtasks ? attempts_[attempt].last_arrival_of[subtask].load() : 0;
  }

private:
  static void raise(std::atomic<std::int64_t>& slot, std::int64_t v) {
    auto cur = slot.load(std::memory_order_relaxed);
    while (cur < v && !slot.compare_exchange_weak(cur, v, std::memory_order_relaxed)) {
    }
  }

  struct attempt_slots {
    std::atomic<std::int64_t> first_open{0};
    std::atomic<std::int64_t> last_open{0};
    std::atomic<std::int64_t> first_arrival{0};
    std::atomic<std::int64_t> last_arrival{0};
    std::array<std::atomic<std::int64_t>, max_subtasks> last_arrival_of{};
  };

  int parallelism_;
  std::atomic<int> opens_{0};
  std::array<attempt_slots, max_attempts> attempts_{};
};

} // namespace weir::bench
