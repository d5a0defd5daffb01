// flow::processing_time_service: processing-time timers of one task, driven by a manual clock
// and a recording transport (one "T<delay>" per wake-up asked for).

#include <boost/test/unit_test.hpp>

#include <memory>
#include <string>
#include <vector>

#include "weir/flow/processing_time_service.hpp"
#include "weir/flow/task.hpp"
#include "weir/test/recording_transport.hpp"

using namespace weir;
using namespace std::chrono_literals;
using weir::test::recording_transport;
using flow::processing_time_service;

namespace {

struct fixture {
  recording_transport t;
  std::shared_ptr<time::manual_clock> clock = std::make_shared<time::manual_clock>(1000ms);
  processing_time_service timers{t, clock};
  std::vector<std::string> fired;

  processing_time_service::callback note(std::string name) {
    return [this, name](std::chrono::milliseconds now) {
      fired.push_back(name + "@" + std::to_string(now.count()));
    };
  }
  void advance_and_wake(std::chrono::milliseconds by) {
    clock->advance(by);
    timers.on_wakeup();
  }
};

/// An operator that ticks every 100 ms of processing time from open() on.
class ticking_operator final : public flow::operator_base {
public:
  ticking_operator(std::shared_ptr<std::vector<long>> ticks)
    : operator_base(runtime_context{"Ticker", 0, 1, 128, flow::key_group_range{0, 127}}),
      ticks_(std::move(ticks)) {}
  void open() override {
    processing_time()->register_periodic(100ms, [this](std::chrono::milliseconds now) {
      ticks_->push_back(now.count());
    });
  }

private:
  std::shared_ptr<std::vector<long>> ticks_;
};

} // namespace

BOOST_AUTO_TEST_SUITE(processing_time_service_test)

BOOST_FIXTURE_TEST_CASE(asks_for_one_wakeup_at_the_earliest_due_time, fixture) {
  timers.register_timer(1500ms, note("a"));
  timers.register_timer(1700ms, note("b")); // later: the wake-up at 1500 comes first
  timers.register_timer(1200ms, note("c")); // earlier: ask again
  BOOST_TEST(t.trace() == "T500 T200");
  BOOST_TEST(timers.pending() == 3u);
}

BOOST_FIXTURE_TEST_CASE(fires_what_is_due_in_time_order_then_asks_for_the_next, fixture) {
  timers.register_timer(1500ms, note("a"));
  timers.register_timer(1200ms, note("b"));
  timers.register_timer(1200ms, note("c")); // same time: registration order
  timers.register_timer(2000ms, note("d"));
  t.clear();
  advance_and_wake(600ms); // now 1600
  BOOST_TEST(fired == (std::vector<std::string>{"b@1600", "c@1600", "a@1600"}),
             boost::test_tools::per_element());
  BOOST_TEST(t.trace() == ""); // the wake-up booked for 1500 is still to come
  timers.on_wakeup();          // it arrives and books the next one, at 2000
  BOOST_TEST(t.trace() == "T400");
  advance_and_wake(100ms); // early wake-up: nothing due yet
  BOOST_TEST(fired.size() == 3u);
  advance_and_wake(300ms);
  BOOST_TEST(fired.back() == "d@2000");
  BOOST_TEST(timers.pending() == 0u);
}

BOOST_FIXTURE_TEST_CASE(a_periodic_timer_keeps_its_period_after_a_late_wakeup, fixture) {
  timers.register_periodic(200ms, note("p")); // due 1200, 1400, ...
  advance_and_wake(200ms);                    // 1200
  advance_and_wake(450ms);                    // 1650: 1400 and 1600 were missed: fire once
  BOOST_TEST(fired == (std::vector<std::string>{"p@1200", "p@1650"}),
             boost::test_tools::per_element());
  BOOST_TEST(timers.next_due()->count() == 1800); // not 1850: no drift
}

BOOST_FIXTURE_TEST_CASE(a_cancelled_timer_never_fires_and_a_periodic_one_may_cancel_itself, fixture) {
  auto a = timers.register_timer(1100ms, note("a"));
  timers.cancel(a);
  processing_time_service::timer_handle self = 0;
  int runs = 0;
  self = timers.register_periodic(50ms, [&](std::chrono::milliseconds) {
    if (++runs == 2)
      timers.cancel(self);
  });
  for (int i = 0; i < 5; ++i)
    advance_and_wake(50ms);
  BOOST_TEST(fired.empty());
  BOOST_TEST(runs == 2);
  BOOST_TEST(timers.pending() == 0u);
}

BOOST_FIXTURE_TEST_CASE(a_timer_registered_already_due_by_a_callback_fires_on_the_next_wakeup, fixture) {
  timers.register_timer(1100ms, [this](std::chrono::milliseconds now) {
    fired.push_back("first@" + std::to_string(now.count()));
    timers.register_timer(now, note("second"));
  });
  t.clear();
  advance_and_wake(100ms);
  BOOST_TEST(fired == (std::vector<std::string>{"first@1100"}), boost::test_tools::per_element());
  BOOST_TEST(t.trace() == "T0"); // asked for at once
  timers.on_wakeup();
  BOOST_TEST(fired.back() == "second@1100");
}

BOOST_FIXTURE_TEST_CASE(a_timer_that_re_registers_itself_for_now_cannot_hold_the_task, fixture) {
  int runs = 0;
  processing_time_service::callback again = [&](std::chrono::milliseconds now) {
    ++runs;
    timers.register_timer(now, again);
  };
  timers.register_timer(1000ms, again);
  timers.on_wakeup();
  BOOST_TEST(runs == 1);
  timers.on_wakeup();
  BOOST_TEST(runs == 2);
}

BOOST_FIXTURE_TEST_CASE(stale_wakeups_are_not_booked_again, fixture) {
  // A periodic timer (an assigner's) and a one-shot timer 50 ms ahead registered every period
  // (a record's processing-time timer): each one-shot books an earlier wake-up, and the one
  // booked before it must not start a chain of its own.
  timers.register_periodic(200ms, note("p"));
  std::size_t asked = 0;
  for (int period = 0; period < 100; ++period) {
    timers.register_timer(clock->now() + 50ms, note("x"));
    asked = t.count(recording_transport::sent::timer);
    // deliver what was asked, in due order, as the transport would
    clock->advance(50ms);
    timers.on_wakeup();
    clock->advance(150ms);
    timers.on_wakeup();
  }
  BOOST_TEST(asked <= 2u * 100 + 1);
  BOOST_TEST(fired.size() == 200u);
}

BOOST_FIXTURE_TEST_CASE(quiesce_drops_every_timer_and_asks_for_no_wakeup, fixture) {
  timers.register_periodic(10ms, note("p"));
  timers.quiesce();
  t.clear();
  timers.register_timer(1001ms, note("late"));
  advance_and_wake(100ms);
  BOOST_TEST(fired.empty());
  BOOST_TEST(t.trace() == "");
}

BOOST_AUTO_TEST_CASE(a_task_hands_its_timers_to_operators_and_stops_them_when_cancelled) {
  recording_transport t;
  auto clock = std::make_shared<time::manual_clock>(0ms);
  flow::task_settings settings;
  settings.clock = clock;
  flow::task task{"Ticker (1/1)", t, settings, 1, 0};
  auto ticks = std::make_shared<std::vector<long>>();
  task.add_operator(std::make_unique<ticking_operator>(ticks), 0);
  task.open();
  BOOST_TEST(t.trace() == "T100");
  clock->advance(100ms);
  task.on_timer();
  clock->advance(100ms);
  task.on_timer();
  BOOST_TEST(*ticks == (std::vector<long>{100, 200}), boost::test_tools::per_element());
  task.cancel();
  clock->advance(100ms);
  task.on_timer();
  BOOST_TEST(ticks->size() == 2u);
}

BOOST_AUTO_TEST_SUITE_END()
