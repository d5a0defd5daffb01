#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "weir/error.hpp"
#include "weir/time/clock.hpp"

namespace weir {

/// The decisions of one job's restart strategy (Flink's RestartBackoffTimeStrategy): told of
/// each failure, it says whether the job may restart and how long to wait first. Made by
/// restart_strategy::make() when a job starts and kept for the job's life, across its
/// restarts. Plain class without threads; touched only by the thread of the actor that owns
/// it (the job's supervisor).
class restart_backoff {
public:
  virtual ~restart_backoff() = default;
  /// A failure happened now (by the clock the backoff was made with). `cause` is what failed;
  /// no strategy looks at it yet (as in Flink).
  virtual void notify_failure(const error& cause) = 0;
  /// Whether the job may restart after the failures notified so far; asked after
  /// notify_failure().
  [[nodiscard]] virtual bool can_restart() const = 0;
  /// How long to wait before the restart, asked after notify_failure(). The same answer until
  /// the next failure.
  [[nodiscard]] virtual std::chrono::milliseconds backoff_time() const = 0;
};

/// How a job restarts after a failure (Flink's restart strategies), as a value: copyable and
/// comparable, checked by validate(), turned into a job's restart_backoff by make(). Default:
/// none.
///
/// - none: the first failure fails the job.
/// - fixed_delay: up to `attempts` restarts in the job's life, `delay` apart.
/// - failure_rate: restarts `delay` apart as long as no more than `max_failures_per_interval`
///   failures fall in any sliding `interval`.
/// - exponential_delay: restarts forever; the delay starts at `initial`, is multiplied by
///   `multiplier` on every failure up to `max`, and falls back to `initial` once the job ran
///   `reset_after` without failure; `jitter` (a fraction of the delay, 0..1) spreads restarts
///   of many jobs apart.
class restart_strategy {
public:
  enum class kind { none, fixed_delay, failure_rate, exponential_delay };

  /// No restart (Flink's NoRestartBackoffTimeStrategy).
  restart_strategy() = default;
  [[nodiscard]] static restart_strategy none();
  /// Flink's FixedDelayRestartBackoffTimeStrategy. `attempts` >= 0, `delay` >= 0 ms.
  [[nodiscard]] static restart_strategy fixed_delay(int attempts, std::chrono::milliseconds delay);
  /// Flink's FailureRateRestartBackoffTimeStrategy. `max_failures_per_interval` >= 1,
  /// `interval` >= 1 ms, `delay` >= 0 ms.
  [[nodiscard]] static restart_strategy failure_rate(int max_failures_per_interval,
                                                     std::chrono::milliseconds interval,
                                                     std::chrono::milliseconds delay);
  /// Flink's ExponentialDelayRestartBackoffTimeStrategy. `initial` in 1 ms..`max`,
  /// `multiplier` > 1, `reset_after` >= 1 ms, `jitter` in 0..1.
  [[nodiscard]] static restart_strategy
  exponential_delay(std::chrono::milliseconds initial, std::chrono::milliseconds max,
                    double multiplier, std::chrono::milliseconds reset_after, double jitter);

  [[nodiscard]] kind type() const noexcept { return kind_; }
  [[nodiscard]] bool is_none() const noexcept { return kind_ == kind::none; }

  /// For logs and errors, e.g. "fixed delay (3 attempts, 100 ms apart)".
  [[nodiscard]] std::string describe() const;
  /// The first parameter out of range, named with its value, its range and the factory that
  /// took it (errc::invalid_configuration); nothing if the strategy is valid.
  [[nodiscard]] std::optional<error> validate() const;
  /// The decisions for one job. `clock` (null = the system clock) times the failures;
  /// `seed` seeds the jitter of exponential_delay (std::mt19937_64), so that a test, or a
  /// replayed run, backs off the same way. Throws weir_exception with validate()'s error if
  /// the strategy is invalid.
  [[nodiscard]] std::unique_ptr<restart_backoff> make(std::shared_ptr<const time::clock> clock,
                                                      std::uint64_t seed) const;

  bool operator==(const restart_strategy&) const = default;

private:
  kind kind_ = kind::none;
  /// fixed_delay: restarts; failure_rate: failures per interval.
  int attempts_ = 0;
  /// Between a failure and its restart (fixed_delay, failure_rate).
  std::chrono::milliseconds delay_{0};
  /// failure_rate's sliding interval.
  std::chrono::milliseconds interval_{0};
  std::chrono::milliseconds initial_{0};
  std::chrono::milliseconds max_{0};
  double multiplier_ = 1.0;
  std::chrono::milliseconds reset_after_{0};
  double jitter_ = 0.0;
};

} // namespace weir
