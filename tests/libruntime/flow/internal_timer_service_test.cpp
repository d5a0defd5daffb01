// flow::internal_timer_service and flow::timer_queue as plain classes: event-time timers fired
// by watermarks, processing-time timers by a manual clock through a processing_time_service
// on a recording transport ("T<delay>" per wake-up asked for).

#include <boost/test/unit_test.hpp>

#include <memory>
#include <string>
#include <vector>

#include "weir/flow/internal_timer_service.hpp"
#include "weir/flow/processing_time_service.hpp"
#include "weir/flow/timer_queue.hpp"
#include "weir/test/recording_transport.hpp"
#include "weir/time/clock.hpp"

using namespace weir;
using namespace std::chrono_literals;
using weir::test::recording_transport;
using flow::internal_timer_service;

namespace {

struct fixture : internal_timer_service<std::string>::triggerable {
  recording_transport t;
  std::shared_ptr<time::manual_clock> clock = std::make_shared<time::manual_clock>(1000ms);
  flow::processing_time_service processing{t, clock};
  internal_timer_service<std::string> timers{128, *this};
  std::vector<std::string> fired;
  std::vector<std::string> rounds;
  /// on_timer may register more timers through this
  std::function<void(const std::string&, event_time)> reaction;

  void on_timer(const std::string& key, event_time at, time_domain d) override {
    fired.push_back((d == time_domain::event_time ? "e:" : "p:") + key + "@"
                    + std::to_string(at.value()));
    if (reaction)
      reaction(key, at);
  }
  void after_timers(time_domain d) override {
    rounds.push_back(d == time_domain::event_time ? "event" : "processing");
  }
  void advance_and_wake(std::chrono::milliseconds by) {
    clock->advance(by);
    processing.on_wakeup();
  }
};

using strings = std::vector<std::string>;

} // namespace

BOOST_AUTO_TEST_SUITE(internal_timer_service_test)

BOOST_FIXTURE_TEST_CASE(fires_event_time_timers_when_the_watermark_reaches_them, fixture) {
  timers.register_event_time_timer("a", event_time{100});
  timers.register_event_time_timer("b", event_time{50});
  timers.register_event_time_timer("c", event_time{101});
  timers.advance_watermark(event_time{99});
  BOOST_TEST(fired == strings{"e:b@50"}, boost::test_tools::per_element());
  timers.advance_watermark(event_time{100}); // time <= watermark fires (Flink's rule)
  BOOST_TEST(fired == (strings{"e:b@50", "e:a@100"}), boost::test_tools::per_element());
  BOOST_TEST(timers.event_time_timers() == 1u);
  BOOST_TEST(rounds == (strings{"event", "event"}), boost::test_tools::per_element());
  BOOST_TEST(timers.current_watermark() == event_time{100});
}

BOOST_FIXTURE_TEST_CASE(a_watermark_that_fires_nothing_ends_no_round, fixture) {
  timers.register_event_time_timer("a", event_time{100});
  timers.advance_watermark(event_time{10});
  BOOST_TEST(fired.empty());
  BOOST_TEST(rounds.empty());
}

BOOST_FIXTURE_TEST_CASE(registering_one_key_and_time_twice_keeps_one_timer, fixture) {
  timers.register_event_time_timer("a", event_time{100});
  timers.register_event_time_timer("a", event_time{100});
  timers.register_event_time_timer("b", event_time{100}); // another key: another timer
  timers.register_event_time_timer("a", event_time{101}); // another time: another timer
  BOOST_TEST(timers.event_time_timers() == 3u);
  timers.advance_watermark(event_time_max);
  BOOST_TEST(fired.size() == 3u);
}

BOOST_FIXTURE_TEST_CASE(a_deleted_timer_never_fires, fixture) {
  timers.register_event_time_timer("a", event_time{100});
  timers.register_event_time_timer("b", event_time{100});
  timers.register_event_time_timer("a", event_time{200});
  timers.delete_event_time_timer("a", event_time{100});
  timers.delete_event_time_timer("a", event_time{150}); // absent: nothing happens
  timers.delete_event_time_timer("z", event_time{100});
  timers.advance_watermark(event_time_max);
  BOOST_TEST(fired == (strings{"e:b@100", "e:a@200"}), boost::test_tools::per_element());
}

BOOST_FIXTURE_TEST_CASE(fires_in_timestamp_order_whatever_the_registration_order, fixture) {
  std::vector<long> times{70, 10, 90, 30, 50, 20, 80, 60, 40};
  for (std::size_t i = 0; i < times.size(); ++i)
    timers.register_event_time_timer("k" + std::to_string(i % 4), event_time{times[i]});
  timers.advance_watermark(event_time_max);
  std::vector<long> at;
  for (const auto& f : fired)
    at.push_back(std::stol(f.substr(f.find('@') + 1)));
  BOOST_TEST(std::is_sorted(at.begin(), at.end()));
  BOOST_TEST(at.size() == times.size());
}

BOOST_AUTO_TEST_CASE(equal_times_fire_in_key_group_order_then_registration_order) {
  flow::timer_queue<long> q;
  q.add(1, flow::key_group{7}, event_time{5});
  q.add(2, flow::key_group{3}, event_time{5});
  q.add(3, flow::key_group{7}, event_time{5});
  q.add(4, flow::key_group{3}, event_time{4});
  std::vector<long> order;
  while (!q.empty())
    order.push_back(q.poll().key);
  BOOST_TEST(order == (std::vector<long>{4, 2, 1, 3}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(timers_are_kept_per_key_group_for_snapshots) {
  flow::timer_queue<long> q;
  q.add(1, flow::key_group{7}, event_time{50});
  q.add(2, flow::key_group{3}, event_time{10});
  q.add(3, flow::key_group{7}, event_time{20});
  std::vector<std::pair<long, std::int64_t>> seven;
  q.for_each_in_key_group(flow::key_group{7},
                          [&](long k, event_time t) { seven.emplace_back(k, t.value()); });
  BOOST_TEST((seven == std::vector<std::pair<long, std::int64_t>>{{3, 20}, {1, 50}}));
  q.remove(3, flow::key_group{7}, event_time{20}); // the head of group 7 goes: 50 is next
  BOOST_TEST(q.poll().key == 2);
  BOOST_TEST(q.poll().time == event_time{50});
  BOOST_TEST(q.empty());
}

BOOST_FIXTURE_TEST_CASE(a_timer_registered_while_firing_and_already_due_fires_in_the_same_round,
                        fixture) {
  reaction = [&](const std::string& key, event_time at) {
    if (at.value() < 30)
      timers.register_event_time_timer(key, event_time{at.value() + 10});
  };
  timers.register_event_time_timer("a", event_time{10});
  timers.advance_watermark(event_time{25});
  BOOST_TEST(fired == (strings{"e:a@10", "e:a@20"}), boost::test_tools::per_element());
  BOOST_TEST(rounds.size() == 1u);
  BOOST_TEST(timers.event_time_timers() == 1u); // a@30 waits for the next watermark
}

BOOST_FIXTURE_TEST_CASE(keeps_one_wakeup_at_the_earliest_processing_time_timer, fixture) {
  timers.bind(processing);
  timers.register_processing_time_timer("a", 1500ms);
  timers.register_processing_time_timer("b", 1700ms); // later: the 1500 wake-up serves
  timers.register_processing_time_timer("a", 1500ms); // duplicate: nothing
  BOOST_TEST(t.trace() == "T500");
  timers.register_processing_time_timer("c", 1200ms); // earlier: replaces the wake-up
  BOOST_TEST(t.trace() == "T500 T200");
  BOOST_TEST(processing.pending() == 1u);
  BOOST_TEST(timers.current_processing_time() == 1000ms);
}

BOOST_FIXTURE_TEST_CASE(fires_processing_time_timers_when_the_clock_reaches_them, fixture) {
  timers.bind(processing);
  timers.register_processing_time_timer("a", 1500ms);
  timers.register_processing_time_timer("b", 1200ms);
  timers.register_processing_time_timer("c", 2000ms);
  t.clear();
  advance_and_wake(100ms); // 1100: nothing due, asks again for 1200
  BOOST_TEST(fired.empty());
  BOOST_TEST(t.trace() == "T100");
  t.clear();
  advance_and_wake(500ms); // 1600
  BOOST_TEST(fired == (strings{"p:b@1200", "p:a@1500"}), boost::test_tools::per_element());
  BOOST_TEST(rounds == strings{"processing"}, boost::test_tools::per_element());
  BOOST_TEST(t.trace() == ""); // the wake-up booked for 1500 is still to come
  processing.on_wakeup();      // it arrives (nothing due) and books the next one, at 2000
  BOOST_TEST(t.trace() == "T400");
  advance_and_wake(400ms);
  BOOST_TEST(fired.back() == "p:c@2000");
  BOOST_TEST(processing.pending() == 0u);
}

BOOST_FIXTURE_TEST_CASE(a_deleted_processing_time_timer_never_fires, fixture) {
  timers.bind(processing);
  timers.register_processing_time_timer("a", 1200ms);
  timers.register_processing_time_timer("b", 1300ms);
  timers.delete_processing_time_timer("a", 1200ms);
  t.clear();
  advance_and_wake(200ms); // the 1200 wake-up finds nothing and asks for 1300
  BOOST_TEST(fired.empty());
  BOOST_TEST(t.trace() == "T100");
  advance_and_wake(100ms);
  BOOST_TEST(fired == strings{"p:b@1300"}, boost::test_tools::per_element());
}

BOOST_FIXTURE_TEST_CASE(processing_time_timers_registered_before_bind_wait_for_it, fixture) {
  timers.register_processing_time_timer("a", 1100ms);
  BOOST_TEST(t.trace() == "");
  timers.bind(processing);
  BOOST_TEST(t.trace() == "T100");
}

BOOST_FIXTURE_TEST_CASE(the_domains_do_not_mix, fixture) {
  timers.bind(processing);
  timers.register_event_time_timer("a", event_time{1100});
  timers.register_processing_time_timer("a", 1100ms);
  timers.delete_event_time_timer("a", event_time{1100});
  advance_and_wake(100ms);
  timers.advance_watermark(event_time_max);
  BOOST_TEST(fired == strings{"p:a@1100"}, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()
