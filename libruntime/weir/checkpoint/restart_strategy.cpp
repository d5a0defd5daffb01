#include "weir/checkpoint/restart_strategy.hpp"

#include <algorithm>
#include <cmath>
#include <deque>
#include <limits>
#include <random>
#include <sstream>
#include <utility>

namespace weir {

namespace {

using std::chrono::milliseconds;

std::string ms(milliseconds d) { return std::to_string(d.count()) + " ms"; }

std::string num(double x) {
  std::ostringstream out;
  out << x;
  return out.str();
}

error bad(std::string msg) { return error{errc::invalid_configuration, std::move(msg)}; }

/// a + b without overflow (both non-negative).
milliseconds saturating_add(milliseconds a, milliseconds b) {
  constexpr auto top = std::numeric_limits<milliseconds::rep>::max();
  return b.count() > top - a.count() ? milliseconds{top} : a + b;
}

class no_restart final : public restart_backoff {
public:
  void notify_failure(const error&) override {}
  bool can_restart() const override { return false; }
  milliseconds backoff_time() const override { return milliseconds{0}; }
};

class fixed_delay_backoff final : public restart_backoff {
public:
  fixed_delay_backoff(int attempts, milliseconds delay) : attempts_(attempts), delay_(delay) {}
  void notify_failure(const error&) override { ++failures_; }
  // Flink counts the failure first, then allows it if it is at most the attempts-th: with 3
  // attempts the 3rd failure restarts and the 4th fails the job.
  bool can_restart() const override { return failures_ <= attempts_; }
  milliseconds backoff_time() const override { return delay_; }

private:
  std::int64_t attempts_;
  milliseconds delay_;
  std::int64_t failures_ = 0; // 64 bits: a long-running job cannot wrap it
};

class failure_rate_backoff final : public restart_backoff {
public:
  failure_rate_backoff(std::shared_ptr<const time::clock> clock, int max_failures,
                       milliseconds interval, milliseconds delay)
    : clock_(std::move(clock)), max_failures_(static_cast<std::size_t>(max_failures)),
      interval_(interval), delay_(delay) {}

  // As Flink's: only the last max_failures + 1 failure times matter. The job may restart
  // unless that many failures fall within the interval, measured when asked.
  void notify_failure(const error&) override {
    if (full())
      failures_.pop_front();
    failures_.push_back(clock_->now());
  }
  bool can_restart() const override {
    return !full() || clock_->now() - failures_.front() > interval_;
  }
  milliseconds backoff_time() const override { return delay_; }

private:
  bool full() const { return failures_.size() > max_failures_; }

  std::shared_ptr<const time::clock> clock_;
  std::size_t max_failures_;
  milliseconds interval_;
  milliseconds delay_;
  std::deque<milliseconds> failures_;
};

class exponential_delay_backoff final : public restart_backoff {
public:
  exponential_delay_backoff(std::shared_ptr<const time::clock> clock, milliseconds initial,
                            milliseconds max, double multiplier, milliseconds reset_after,
                            double jitter, std::uint64_t seed)
    : clock_(std::move(clock)), initial_(initial), max_(max), multiplier_(multiplier),
      reset_after_(reset_after), jitter_(jitter), rng_(seed), current_(initial),
      backoff_(initial) {}

  // Flink's rule: a failure at least reset_after plus the current backoff after the previous
  // one (the job then ran reset_after since its restart) starts over at the initial backoff;
  // an earlier one grows it. Flink starts from a last failure at time 0, which with an epoch
  // clock makes the first failure start over; an empty optional says that for any clock.
  void notify_failure(const error&) override {
    auto now = clock_->now();
    if (!last_failure_ || now - *last_failure_ >= saturating_add(reset_after_, current_))
      current_ = initial_;
    else
      grow();
    last_failure_ = now;
    // Drawn once per failure, not per question, so that backoff_time() is a plain accessor
    // and a seed fixes the whole sequence.
    backoff_ = with_jitter();
  }
  bool can_restart() const override { return true; }
  milliseconds backoff_time() const override { return backoff_; }

private:
  void grow() {
    if (current_ < max_) {
      // Truncated like Flink's `long *= double`; clamped before the conversion so that a
      // large multiplier cannot overflow.
      double next = static_cast<double>(current_.count()) * multiplier_;
      current_ = next >= static_cast<double>(max_.count())
                   ? max_
                   : milliseconds{static_cast<milliseconds::rep>(next)};
    }
    current_ = std::clamp(current_, initial_, max_);
  }

  // A uniform offset in [-n, n] with n = current * jitter (Flink's jitter), then at most max.
  // The modulo keeps the draw the same on every standard library, unlike
  // std::uniform_int_distribution; its bias (span / 2^64) is negligible.
  milliseconds with_jitter() {
    if (jitter_ == 0.0)
      return current_;
    auto cur = current_.count();
    auto n = std::min(static_cast<std::uint64_t>(static_cast<double>(cur) * jitter_),
                      static_cast<std::uint64_t>(cur)); // rounding of the double
    std::uint64_t draw = rng_() % (2 * n + 1);
    milliseconds::rep result = 0;
    if (draw >= n)
      result = saturating_add(current_, milliseconds{static_cast<milliseconds::rep>(draw - n)})
                 .count();
    else
      result = cur - static_cast<milliseconds::rep>(n - draw); // n <= cur: never below 0
    return std::clamp(milliseconds{result}, milliseconds{0}, max_);
  }

  std::shared_ptr<const time::clock> clock_;
  milliseconds initial_;
  milliseconds max_;
  double multiplier_;
  milliseconds reset_after_;
  double jitter_;
  std::mt19937_64 rng_;
  milliseconds current_;
  milliseconds backoff_;
  std::optional<milliseconds> last_failure_;
};

} // namespace

restart_strategy restart_strategy::none() { return restart_strategy{}; }

restart_strategy restart_strategy::fixed_delay(int attempts, milliseconds delay) {
  restart_strategy s;
  s.kind_ = kind::fixed_delay;
  s.attempts_ = attempts;
  s.delay_ = delay;
  return s;
}

restart_strategy restart_strategy::failure_rate(int max_failures_per_interval,
                                                milliseconds interval, milliseconds delay) {
  restart_strategy s;
  s.kind_ = kind::failure_rate;
  s.attempts_ = max_failures_per_interval;
  s.interval_ = interval;
  s.delay_ = delay;
  return s;
}

restart_strategy restart_strategy::exponential_delay(milliseconds initial, milliseconds max,
                                                     double multiplier,
                                                     milliseconds reset_after, double jitter) {
  restart_strategy s;
  s.kind_ = kind::exponential_delay;
  s.initial_ = initial;
  s.max_ = max;
  s.multiplier_ = multiplier;
  s.reset_after_ = reset_after;
  s.jitter_ = jitter;
  return s;
}

std::string restart_strategy::describe() const {
  switch (kind_) {
    case kind::none: return "no restart";
    case kind::fixed_delay:
      return "fixed delay (" + std::to_string(attempts_)
             + (attempts_ == 1 ? " attempt, " : " attempts, ") + ms(delay_) + " apart)";
    case kind::failure_rate:
      return "failure rate (at most " + std::to_string(attempts_)
             + (attempts_ == 1 ? " failure" : " failures") + " per " + ms(interval_) + ", "
             + ms(delay_) + " apart)";
    case kind::exponential_delay:
      return "exponential delay (" + ms(initial_) + " growing x" + num(multiplier_) + " up to "
             + ms(max_) + ", reset after " + ms(reset_after_) + " without failure, jitter "
             + num(jitter_) + ")";
  }
  return "unknown restart strategy";
}

// Flink's preconditions, as messages that name the parameter, its value, its range and the
// factory that took it.
std::optional<error> restart_strategy::validate() const {
  switch (kind_) {
    case kind::none: return std::nullopt;
    case kind::fixed_delay:
      if (attempts_ < 0)
        return bad("restart attempts is " + std::to_string(attempts_)
                   + "; it must lie in 0..2147483647 (restart_strategy::fixed_delay)");
      if (delay_.count() < 0)
        return bad("restart delay is " + ms(delay_)
                   + "; it must be at least 0 ms (restart_strategy::fixed_delay)");
      return std::nullopt;
    case kind::failure_rate:
      if (attempts_ < 1)
        return bad("max failures per interval is " + std::to_string(attempts_)
                   + "; it must lie in 1..2147483647 (restart_strategy::failure_rate)");
      if (interval_.count() < 1)
        return bad("failure rate interval is " + ms(interval_)
                   + "; it must be at least 1 ms (restart_strategy::failure_rate)");
      if (delay_.count() < 0)
        return bad("restart delay is " + ms(delay_)
                   + "; it must be at least 0 ms (restart_strategy::failure_rate)");
      return std::nullopt;
    case kind::exponential_delay:
      if (initial_.count() < 1)
        return bad("initial backoff is " + ms(initial_)
                   + "; it must be at least 1 ms (restart_strategy::exponential_delay)");
      if (max_.count() < 1)
        return bad("max backoff is " + ms(max_)
                   + "; it must be at least 1 ms (restart_strategy::exponential_delay)");
      if (initial_ > max_)
        return bad("initial backoff " + ms(initial_) + " is above the max backoff " + ms(max_)
                   + "; raise max or lower initial (restart_strategy::exponential_delay)");
      // `!(x > 1)` also refuses NaN.
      if (!(multiplier_ > 1.0) || !std::isfinite(multiplier_))
        return bad("backoff multiplier is " + num(multiplier_)
                   + "; it must be a finite number above 1 "
                     "(restart_strategy::exponential_delay)");
      if (reset_after_.count() < 1)
        return bad("backoff reset threshold is " + ms(reset_after_)
                   + "; it must be at least 1 ms (restart_strategy::exponential_delay)");
      if (!(jitter_ >= 0.0 && jitter_ <= 1.0))
        return bad("jitter is " + num(jitter_)
                   + "; it must lie in 0..1, a fraction of the backoff "
                     "(restart_strategy::exponential_delay)");
      return std::nullopt;
  }
  return bad("unknown restart strategy kind");
}

std::unique_ptr<restart_backoff> restart_strategy::make(std::shared_ptr<const time::clock> clock,
                                                        std::uint64_t seed) const {
  if (auto err = validate())
    throw weir_exception{std::move(*err)};
  if (!clock)
    clock = time::system_clock();
  switch (kind_) {
    case kind::none: break;
    case kind::fixed_delay: return std::make_unique<fixed_delay_backoff>(attempts_, delay_);
    case kind::failure_rate:
      return std::make_unique<failure_rate_backoff>(std::move(clock), attempts_, interval_,
                                                    delay_);
    case kind::exponential_delay:
      return std::make_unique<exponential_delay_backoff>(
        std::move(clock), initial_, max_, multiplier_, reset_after_, jitter_, seed);
  }
  return std::make_unique<no_restart>();
}

} // namespace weir
