// flow::watermark_valve: a task's event time is the minimum over its non-idle input
// channels, and only strictly rising watermarks go downstream (Flink's StatusWatermarkValve).

#include <boost/test/unit_test.hpp>

#include <string>

#include "weir/flow/watermark_valve.hpp"

using namespace weir;
using flow::watermark_valve;

namespace {

/// The forwarded watermark as text, "none" when nothing is forwarded.
std::string wm(const watermark_valve::output& out) {
  return out.watermark ? std::to_string(out.watermark->value()) : "none";
}

/// The status change as text: "idle", "active" or "none".
std::string status(const watermark_valve::output& out) {
  return out.idle ? (*out.idle ? "idle" : "active") : "none";
}

} // namespace

BOOST_AUTO_TEST_SUITE(watermark_valve_test)

BOOST_AUTO_TEST_CASE(forwards_the_minimum_over_channels_once_every_channel_has_one) {
  watermark_valve v{2};
  BOOST_TEST(wm(v.on_watermark(0, event_time{100})) == "none");
  BOOST_TEST(wm(v.on_watermark(1, event_time{50})) == "50");
  BOOST_TEST(wm(v.on_watermark(1, event_time{150})) == "100");
  BOOST_TEST(v.current().value() == 100);
}

BOOST_AUTO_TEST_CASE(forwards_only_strictly_rising_watermarks) {
  watermark_valve v{2};
  (void) v.on_watermark(0, event_time{10});
  BOOST_TEST(wm(v.on_watermark(1, event_time{10})) == "10");
  BOOST_TEST(wm(v.on_watermark(1, event_time{20})) == "none"); // min still 10
  BOOST_TEST(wm(v.on_watermark(0, event_time{5})) == "none");  // a channel never goes back
  BOOST_TEST(wm(v.on_watermark(0, event_time{10})) == "none");
  BOOST_TEST(wm(v.on_watermark(0, event_time{30})) == "20");
}

BOOST_AUTO_TEST_CASE(an_idle_channel_does_not_hold_the_clock_back) {
  watermark_valve v{3};
  (void) v.on_watermark(0, event_time{100});
  (void) v.on_watermark(1, event_time{200});
  // channel 2 never sent a watermark: the minimum waits for it
  BOOST_TEST(wm(v.on_watermark(1, event_time{250})) == "none");
  auto out = v.on_idle(2);
  BOOST_TEST(wm(out) == "100");
  BOOST_TEST(status(out) == "none"); // the task is not idle while others are active
}

BOOST_AUTO_TEST_CASE(a_channel_back_from_idle_rejoins_only_once_caught_up) {
  watermark_valve v{2};
  (void) v.on_watermark(0, event_time{10});
  (void) v.on_watermark(1, event_time{10});
  (void) v.on_idle(1);
  BOOST_TEST(wm(v.on_watermark(0, event_time{500})) == "500");
  (void) v.on_active(1);
  // channel 1 is behind (10 < 500): it must not move the clock back nor hold it
  BOOST_TEST(wm(v.on_watermark(0, event_time{600})) == "600");
  BOOST_TEST(wm(v.on_watermark(1, event_time{400})) == "none");
  // caught up at 700: now it takes part in the minimum
  BOOST_TEST(wm(v.on_watermark(1, event_time{700})) == "none");
  BOOST_TEST(wm(v.on_watermark(0, event_time{900})) == "700");
}

BOOST_AUTO_TEST_CASE(the_task_is_idle_when_every_channel_is_and_active_with_the_first_back) {
  watermark_valve v{2};
  BOOST_TEST(status(v.on_idle(0)) == "none");
  auto out = v.on_idle(1);
  BOOST_TEST(status(out) == "idle");
  BOOST_TEST(v.idle());
  BOOST_TEST(status(v.on_active(0)) == "active");
  BOOST_TEST(!v.idle());
}

BOOST_AUTO_TEST_CASE(the_final_watermark_of_every_channel_fires_everything) {
  watermark_valve v{2};
  (void) v.on_watermark(0, event_time_max);
  BOOST_TEST(wm(v.on_watermark(1, event_time_max)) == std::to_string(event_time_max.value()));
}

BOOST_AUTO_TEST_CASE(when_every_channel_is_idle_event_time_advances_to_the_highest_watermark) {
  watermark_valve v{2};
  (void) v.on_watermark(0, event_time{10});
  BOOST_TEST(wm(v.on_watermark(1, event_time{50})) == "10");
  BOOST_TEST(wm(v.on_idle(1)) == "none"); // channel 0 still active at 10
  auto out = v.on_idle(0);
  BOOST_TEST(wm(out) == "50"); // nothing holds it back any more (Flink's valve does the same)
  BOOST_TEST(status(out) == "idle");
}

BOOST_AUTO_TEST_CASE(a_channel_reactivated_by_a_watermark_that_does_not_rise_rejoins_the_minimum) {
  watermark_valve v{2};
  (void) v.on_watermark(0, event_time{50});
  (void) v.on_watermark(1, event_time{10});
  (void) v.on_idle(0);
  (void) v.on_watermark(0, event_time{50}); // active again, at 50 >= the clock (10)
  // channel 0 at 50 takes part in the minimum again: 100 on channel 1 gives 50, not 100
  BOOST_TEST(wm(v.on_watermark(1, event_time{100})) == "50");
}

BOOST_AUTO_TEST_SUITE_END()
