// Restart strategies decide, failure by failure, whether a job restarts and after how long
// (Flink's RestartBackoffTimeStrategy implementations). Time comes from a manual clock, the
// jitter of exponential delay from a seed.

#include <boost/test/unit_test.hpp>

#include <limits>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "weir/checkpoint/restart_strategy.hpp"

using namespace weir;
using std::chrono::milliseconds;

namespace {

const error failure{errc::user_function_failed, "boom"};

struct fixture {
  std::shared_ptr<time::manual_clock> clock =
    std::make_shared<time::manual_clock>(milliseconds{1'700'000'000'000});

  std::unique_ptr<restart_backoff> make(const restart_strategy& s, std::uint64_t seed = 1) {
    return s.make(clock, seed);
  }

  /// Notifies a failure now and returns the backoff then asked for.
  static milliseconds fail(restart_backoff& b) {
    b.notify_failure(failure);
    return b.backoff_time();
  }
};

/// The error validate() reports for `s`, which must be one.
error rejected(const restart_strategy& s) {
  auto err = s.validate();
  BOOST_REQUIRE(err.has_value());
  BOOST_TEST((err->code() == errc::invalid_configuration));
  return *err;
}

bool mentions(const error& e, const std::string& text) {
  BOOST_TEST_INFO("message: " << e.message());
  return e.message().find(text) != std::string::npos;
}

/// The backoffs of `failures` failures 1 ms apart.
std::vector<milliseconds> backoffs(restart_backoff& b, time::manual_clock& clock, int failures) {
  std::vector<milliseconds> out;
  for (int i = 0; i < failures; ++i) {
    clock.advance(milliseconds{1});
    b.notify_failure(failure);
    out.push_back(b.backoff_time());
  }
  return out;
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(restart_strategy_test, fixture)

BOOST_AUTO_TEST_CASE(none_never_restarts) {
  auto b = make(restart_strategy::none());
  b->notify_failure(failure);
  BOOST_TEST(!b->can_restart());
  BOOST_TEST(restart_strategy{}.is_none());
  BOOST_TEST((restart_strategy{} == restart_strategy::none()));
  BOOST_TEST(!restart_strategy::fixed_delay(1, milliseconds{0}).is_none());
}

BOOST_AUTO_TEST_CASE(fixed_delay_restarts_as_many_times_as_attempts_then_gives_up) {
  auto b = make(restart_strategy::fixed_delay(3, milliseconds{100}));
  for (int i = 1; i <= 3; ++i) {
    BOOST_TEST(fail(*b).count() == 100);
    BOOST_TEST(b->can_restart(), "failure " << i << " of 3 allowed");
  }
  b->notify_failure(failure);
  BOOST_TEST(!b->can_restart());
}

BOOST_AUTO_TEST_CASE(fixed_delay_with_zero_attempts_fails_at_the_first_failure) {
  auto b = make(restart_strategy::fixed_delay(0, milliseconds{5}));
  BOOST_TEST(b->can_restart()); // nothing failed yet
  b->notify_failure(failure);
  BOOST_TEST(!b->can_restart());
}

BOOST_AUTO_TEST_CASE(fixed_delay_counts_failures_over_the_whole_job_not_per_interval) {
  auto b = make(restart_strategy::fixed_delay(2, milliseconds{0}));
  b->notify_failure(failure);
  clock->advance(milliseconds{86'400'000});
  b->notify_failure(failure);
  clock->advance(milliseconds{86'400'000});
  BOOST_TEST(b->can_restart());
  b->notify_failure(failure);
  BOOST_TEST(!b->can_restart());
}

BOOST_AUTO_TEST_CASE(failure_rate_refuses_more_than_max_failures_within_the_interval) {
  auto b = make(restart_strategy::failure_rate(2, milliseconds{1000}, milliseconds{50}));
  BOOST_TEST(fail(*b).count() == 50);
  BOOST_TEST(b->can_restart());
  clock->advance(milliseconds{100});
  b->notify_failure(failure);
  BOOST_TEST(b->can_restart()); // 2 failures in 100 ms: the maximum, allowed
  clock->advance(milliseconds{400});
  b->notify_failure(failure);
  BOOST_TEST(!b->can_restart()); // 3 in 500 ms
}

BOOST_AUTO_TEST_CASE(failure_rate_interval_slides_with_the_failures) {
  auto b = make(restart_strategy::failure_rate(2, milliseconds{1000}, milliseconds{0}));
  b->notify_failure(failure); // t = 0
  clock->advance(milliseconds{600});
  b->notify_failure(failure); // t = 600
  clock->advance(milliseconds{600});
  b->notify_failure(failure); // t = 1200: the failure at 0 is 1200 ms old
  BOOST_TEST(b->can_restart());
  clock->advance(milliseconds{100});
  b->notify_failure(failure); // t = 1300: 600, 1200, 1300 within 1000 ms
  BOOST_TEST(!b->can_restart());
}

BOOST_AUTO_TEST_CASE(failure_rate_needs_the_oldest_failure_strictly_beyond_the_interval) {
  auto b = make(restart_strategy::failure_rate(2, milliseconds{1000}, milliseconds{0}));
  b->notify_failure(failure);
  clock->advance(milliseconds{500});
  b->notify_failure(failure);
  clock->advance(milliseconds{500});
  b->notify_failure(failure); // exactly 1000 ms after the first
  BOOST_TEST(!b->can_restart());
  clock->advance(milliseconds{1}); // Flink measures when asked
  BOOST_TEST(b->can_restart());
}

BOOST_AUTO_TEST_CASE(exponential_delay_multiplies_the_backoff_up_to_the_max) {
  auto b = make(restart_strategy::exponential_delay(milliseconds{100}, milliseconds{1000}, 2.0,
                                                    milliseconds{60'000}, 0.0));
  auto got = backoffs(*b, *clock, 7);
  std::vector<milliseconds> expected{milliseconds{100}, milliseconds{200}, milliseconds{400},
                                     milliseconds{800}, milliseconds{1000}, milliseconds{1000},
                                     milliseconds{1000}};
  BOOST_TEST(got == expected, boost::test_tools::per_element());
  BOOST_TEST(b->can_restart());
}

BOOST_AUTO_TEST_CASE(exponential_delay_truncates_fractional_growth_like_flink) {
  auto b = make(restart_strategy::exponential_delay(milliseconds{3}, milliseconds{100}, 1.5,
                                                    milliseconds{60'000}, 0.0));
  auto got = backoffs(*b, *clock, 5);
  // 3, 4.5 -> 4, 6, 9, 13.5 -> 13
  std::vector<milliseconds> expected{milliseconds{3}, milliseconds{4}, milliseconds{6},
                                     milliseconds{9}, milliseconds{13}};
  BOOST_TEST(got == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(exponential_delay_resets_after_running_reset_after_without_failure) {
  auto b = make(restart_strategy::exponential_delay(milliseconds{100}, milliseconds{10'000},
                                                    2.0, milliseconds{5000}, 0.0));
  backoffs(*b, *clock, 3); // 100, 200, 400
  BOOST_TEST(b->backoff_time().count() == 400);
  // The job restarts after 400 ms; a failure less than 5000 ms after that still grows.
  clock->advance(milliseconds{400 + 5000 - 1});
  BOOST_TEST(fail(*b).count() == 800);
  // A failure 5000 ms after the restart that followed the last one starts over.
  clock->advance(milliseconds{800 + 5000});
  BOOST_TEST(fail(*b).count() == 100);
  clock->advance(milliseconds{1});
  BOOST_TEST(fail(*b).count() == 200);
}

BOOST_AUTO_TEST_CASE(exponential_delay_jitter_stays_within_its_fraction_and_below_the_max) {
  auto b = make(restart_strategy::exponential_delay(milliseconds{1000}, milliseconds{64'000},
                                                    2.0, milliseconds{3'600'000}, 0.25),
                7);
  std::int64_t current = 1000;
  std::set<std::int64_t> at_max;
  for (int i = 0; i < 200; ++i) {
    clock->advance(milliseconds{1});
    auto got = fail(*b).count();
    BOOST_TEST(got >= current - current / 4, "failure " << i);
    BOOST_TEST(got <= std::min<std::int64_t>(current + current / 4, 64'000), "failure " << i);
    if (current == 64'000)
      at_max.insert(got);
    current = std::min<std::int64_t>(current * 2, 64'000);
  }
  // The jitter does vary: at the cap, draws below it come out different.
  BOOST_TEST(at_max.size() > 10u);
}

BOOST_AUTO_TEST_CASE(exponential_delay_jitter_is_the_same_for_the_same_seed) {
  auto s = restart_strategy::exponential_delay(milliseconds{1000}, milliseconds{100'000}, 1.5,
                                               milliseconds{3'600'000}, 0.5);
  auto clock_b = std::make_shared<time::manual_clock>(clock->now());
  auto clock_c = std::make_shared<time::manual_clock>(clock->now());
  auto a = s.make(clock, 42);
  auto same = s.make(clock_b, 42);
  auto other = s.make(clock_c, 43);
  auto seq_a = backoffs(*a, *clock, 20);
  auto seq_same = backoffs(*same, *clock_b, 20);
  auto seq_other = backoffs(*other, *clock_c, 20);
  BOOST_TEST(seq_a == seq_same, boost::test_tools::per_element());
  BOOST_TEST((seq_a != seq_other));
  // Asking again draws nothing new.
  BOOST_TEST(a->backoff_time() == a->backoff_time());
}

BOOST_AUTO_TEST_CASE(describe_names_the_strategy_and_its_parameters) {
  BOOST_TEST(restart_strategy::none().describe() == "no restart");
  BOOST_TEST(restart_strategy::fixed_delay(3, milliseconds{100}).describe()
             == "fixed delay (3 attempts, 100 ms apart)");
  BOOST_TEST(restart_strategy::fixed_delay(1, milliseconds{0}).describe()
             == "fixed delay (1 attempt, 0 ms apart)");
  BOOST_TEST(restart_strategy::failure_rate(3, milliseconds{60'000}, milliseconds{100}).describe()
             == "failure rate (at most 3 failures per 60000 ms, 100 ms apart)");
  BOOST_TEST(restart_strategy::exponential_delay(milliseconds{100}, milliseconds{60'000}, 1.5,
                                                 milliseconds{3'600'000}, 0.1)
               .describe()
             == "exponential delay (100 ms growing x1.5 up to 60000 ms, reset after 3600000 ms "
                "without failure, jitter 0.1)");
}

BOOST_AUTO_TEST_CASE(valid_strategies_pass_validation_at_their_bounds) {
  BOOST_TEST(!restart_strategy::none().validate());
  BOOST_TEST(!restart_strategy::fixed_delay(0, milliseconds{0}).validate());
  BOOST_TEST(!restart_strategy::failure_rate(1, milliseconds{1}, milliseconds{0}).validate());
  BOOST_TEST(!restart_strategy::exponential_delay(milliseconds{1}, milliseconds{1}, 1.0001,
                                                  milliseconds{1}, 0.0)
                .validate());
  BOOST_TEST(!restart_strategy::exponential_delay(milliseconds{1}, milliseconds{5}, 2.0,
                                                  milliseconds{1}, 1.0)
                .validate());
}

BOOST_AUTO_TEST_CASE(validate_names_the_bad_parameter_its_value_and_its_range) {
  auto e = rejected(restart_strategy::fixed_delay(-1, milliseconds{10}));
  BOOST_TEST(mentions(e, "restart attempts is -1"));
  BOOST_TEST(mentions(e, "0..2147483647"));
  BOOST_TEST(mentions(e, "restart_strategy::fixed_delay"));
  e = rejected(restart_strategy::fixed_delay(3, milliseconds{-5}));
  BOOST_TEST(mentions(e, "restart delay is -5 ms"));
  BOOST_TEST(mentions(e, "at least 0 ms"));

  e = rejected(restart_strategy::failure_rate(0, milliseconds{1000}, milliseconds{10}));
  BOOST_TEST(mentions(e, "max failures per interval is 0"));
  BOOST_TEST(mentions(e, "1..2147483647"));
  BOOST_TEST(mentions(e, "restart_strategy::failure_rate"));
  e = rejected(restart_strategy::failure_rate(2, milliseconds{0}, milliseconds{10}));
  BOOST_TEST(mentions(e, "failure rate interval is 0 ms"));
  BOOST_TEST(mentions(e, "at least 1 ms"));
  e = rejected(restart_strategy::failure_rate(2, milliseconds{1000}, milliseconds{-1}));
  BOOST_TEST(mentions(e, "restart delay is -1 ms"));

  auto expo = [](long initial, long max, double mult, long reset, double jitter) {
    return restart_strategy::exponential_delay(milliseconds{initial}, milliseconds{max}, mult,
                                               milliseconds{reset}, jitter);
  };
  e = rejected(expo(0, 1000, 2.0, 1000, 0.1));
  BOOST_TEST(mentions(e, "initial backoff is 0 ms"));
  BOOST_TEST(mentions(e, "restart_strategy::exponential_delay"));
  e = rejected(expo(2000, 1000, 2.0, 1000, 0.1));
  BOOST_TEST(mentions(e, "initial backoff 2000 ms is above the max backoff 1000 ms"));
  e = rejected(expo(100, 1000, 1.0, 1000, 0.1));
  BOOST_TEST(mentions(e, "backoff multiplier is 1;"));
  BOOST_TEST(mentions(e, "above 1"));
  e = rejected(expo(100, 1000, std::numeric_limits<double>::quiet_NaN(), 1000, 0.1));
  BOOST_TEST(mentions(e, "backoff multiplier"));
  e = rejected(expo(100, 1000, 2.0, 0, 0.1));
  BOOST_TEST(mentions(e, "backoff reset threshold is 0 ms"));
  e = rejected(expo(100, 1000, 2.0, 1000, 1.5));
  BOOST_TEST(mentions(e, "jitter is 1.5"));
  BOOST_TEST(mentions(e, "0..1"));
  e = rejected(expo(100, 1000, 2.0, 1000, -0.1));
  BOOST_TEST(mentions(e, "jitter is -0.1"));
}

BOOST_AUTO_TEST_CASE(make_refuses_an_invalid_strategy_with_validates_error) {
  try {
    (void)make(restart_strategy::fixed_delay(-2, milliseconds{0}));
    BOOST_FAIL("make() accepted -2 attempts");
  } catch (const weir_exception& e) {
    BOOST_TEST((e.err().code() == errc::invalid_configuration));
    BOOST_TEST(mentions(e.err(), "restart attempts is -2"));
  }
}

BOOST_AUTO_TEST_SUITE_END()
