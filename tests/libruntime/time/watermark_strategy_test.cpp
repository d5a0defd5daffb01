// watermark_strategy and its generators as plain classes (Flink's api/common/eventtime):
// bounded out-of-orderness (max − bound − 1 ms), ascending timestamps, no watermarks,
// punctuated user generators, timestamp assigners and idleness against a manual clock.
// Expected values are worked out by hand from Flink's documented semantics.

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "weir/error.hpp"
#include "weir/time/clock.hpp"
#include "weir/time/idleness_timer.hpp"
#include "weir/time/recording_watermark_output.hpp"
#include "weir/time/watermark_strategy.hpp"

using namespace weir;
using namespace std::chrono_literals;
using strings = std::vector<std::string>;

namespace {

struct reading {
  std::int64_t ts = 0;
  bool marker = false; ///< a punctuation: the stream's event time has reached ts
};

reading at(std::int64_t ts) { return reading{ts, false}; }

/// What went downstream since the last call ("watermark 99", "idle", "active").
strings drain(recording_watermark_output& out) {
  strings s;
  for (const auto& e : out.events())
    s.push_back(e.to_string());
  out.clear();
  return s;
}

/// Records every call verbatim, rising or not: what the generator itself emits.
class verbatim_output final : public watermark_output {
public:
  void emit_watermark(event_time t) override { calls.push_back(std::to_string(t.value())); }
  void mark_idle() override { calls.push_back("idle"); }
  void mark_active() override { calls.push_back("active"); }
  strings calls;
};

const std::string min_text = std::to_string(event_time_min.value());

/// A punctuated generator: emits the marker's timestamp when a marker arrives, nothing
/// periodically. Counts its records, to show each parallel instance has its own.
class marker_watermarks final : public watermark_generator<reading> {
public:
  void on_event(const reading& r, event_time t, watermark_output& out) override {
    ++seen;
    if (r.marker)
      out.emit_watermark(t);
  }
  void on_periodic_emit(watermark_output&) override {}
  int seen = 0;
};

auto by_ts() {
  return [](const reading& r) { return event_time{r.ts}; };
}

/// One parallel instance of a strategy, driven as the assigner operator will drive it: each
/// record through assign_timestamp and on_event, periodic emits when the test says.
template <class Output = recording_watermark_output>
struct instance {
  explicit instance(watermark_strategy<reading> strategy,
                    std::shared_ptr<const time::clock> clock = time::system_clock())
    : s(std::move(strategy)), g(s.create_generator(std::move(clock))) {}

  void record(const reading& r) { g->on_event(r, s.assign_timestamp(r, event_time_min), out); }
  void record(std::int64_t ts) { record(at(ts)); }
  void periodic() { g->on_periodic_emit(out); }

  watermark_strategy<reading> s;
  std::unique_ptr<watermark_generator<reading>> g;
  Output out;
};

/// Bounded out-of-orderness by `bound`, timestamps from reading::ts.
watermark_strategy<reading> bounded(std::chrono::milliseconds bound) {
  return watermark_strategy<reading>::for_bounded_out_of_orderness(bound)
    .with_timestamp_assigner(by_ts());
}

/// A monotonous stream with an idle timeout of 1000 ms on a manual clock from 0, its
/// periodic emit driven every 200 ms by the test.
struct idle_stream : instance<> {
  idle_stream() : idle_stream(std::make_shared<time::manual_clock>()) {}
  explicit idle_stream(std::shared_ptr<time::manual_clock> c)
    : instance(watermark_strategy<reading>::for_monotonous_timestamps()
                 .with_timestamp_assigner(by_ts())
                 .with_idleness(1000ms),
               c),
      clock(std::move(c)) {}

  /// What goes downstream from a periodic emit at `now` ms (and any record before it).
  strings emits_at(int now) {
    clock->set(std::chrono::milliseconds{now});
    periodic();
    return drain(out);
  }
  /// The same for a periodic emit every 200 ms from `first` to `last`.
  strings emits_from_to(int first, int last) {
    strings all;
    for (int now = first; now <= last; now += 200)
      for (auto& e : emits_at(now))
        all.push_back(e);
    return all;
  }

  std::shared_ptr<time::manual_clock> clock;
};

} // namespace

BOOST_AUTO_TEST_SUITE(watermark_strategy_test)

// --- bounded out-of-orderness ------------------------------------------------------------

BOOST_AUTO_TEST_CASE(bounded_out_of_orderness_emits_max_minus_bound_minus_one_on_periodic_emit) {
  instance i{bounded(5ms)};
  i.record(1000);
  i.record(1003);
  BOOST_TEST(drain(i.out) == strings{}); // periodic: nothing on a record
  i.periodic();
  BOOST_TEST(drain(i.out) == strings{"watermark 997"}); // 1003 - 5 - 1
  i.record(2000);
  i.periodic();
  BOOST_TEST(drain(i.out) == strings{"watermark 1994"});
}

BOOST_AUTO_TEST_CASE(bounded_out_of_orderness_never_goes_back_for_an_older_record) {
  instance<verbatim_output> i{bounded(5ms)};
  i.record(1000);
  i.periodic();
  i.record(500); // out of order by more than the bound: late, the maximum stays 1000
  i.periodic();
  i.record(1010);
  i.periodic();
  BOOST_TEST(i.out.calls == (strings{"994", "994", "1004"}));
}

BOOST_AUTO_TEST_CASE(bounded_out_of_orderness_before_any_record_emits_only_the_lowest_watermark) {
  // Flink starts its maximum at Long.MIN_VALUE + bound + 1, so the generator emits
  // Long.MIN_VALUE, which an output drops as not rising.
  instance<verbatim_output> raw{bounded(5000ms)};
  raw.periodic();
  BOOST_TEST(raw.out.calls == strings{min_text});
  instance i{bounded(5000ms)};
  i.periodic();
  BOOST_TEST(drain(i.out) == strings{});
  BOOST_TEST(i.out.current_watermark() == event_time_min);
}

BOOST_AUTO_TEST_CASE(bounded_out_of_orderness_takes_a_bound_in_any_duration) {
  instance i{bounded(2s)};
  i.record(10'000);
  i.periodic();
  BOOST_TEST(drain(i.out) == strings{"watermark 7999"});
}

BOOST_AUTO_TEST_CASE(a_negative_bound_is_rejected) {
  BOOST_CHECK_EXCEPTION(
    (void) watermark_strategy<reading>::for_bounded_out_of_orderness(-1ms), weir_exception,
    [](const weir_exception& e) { return e.err().code() == errc::invalid_configuration; });
}

// --- ascending timestamps and no watermarks ---------------------------------------------

BOOST_AUTO_TEST_CASE(monotonous_timestamps_emit_max_minus_one) {
  instance i{watermark_strategy<reading>::for_monotonous_timestamps()
               .with_timestamp_assigner(by_ts())};
  i.periodic();
  BOOST_TEST(drain(i.out) == strings{});
  i.record(10);
  i.record(20);
  i.periodic();
  BOOST_TEST(drain(i.out) == strings{"watermark 19"});
  i.record(20); // equal timestamps are in order; the watermark does not rise
  i.periodic();
  BOOST_TEST(drain(i.out) == strings{});
  i.record(21);
  i.periodic();
  BOOST_TEST(drain(i.out) == strings{"watermark 20"});
}

BOOST_AUTO_TEST_CASE(no_watermarks_never_emits) {
  instance<verbatim_output> i{
    watermark_strategy<reading>::no_watermarks().with_timestamp_assigner(by_ts())};
  for (std::int64_t ts : {1, 1000, 5, 100'000}) {
    i.record(reading{ts, true});
    i.periodic();
  }
  BOOST_TEST(i.out.calls == strings{});
}

// --- user generators --------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(a_punctuated_user_generator_emits_on_marker_records) {
  instance i{watermark_strategy<reading>::for_generator(marker_watermarks{})
               .with_timestamp_assigner(by_ts())};
  i.record(5);
  i.record(reading{7, true});
  BOOST_TEST(drain(i.out) == strings{"watermark 7"}); // at once, not on periodic emit
  i.record(12);
  i.periodic();
  BOOST_TEST(drain(i.out) == strings{});
  i.record(reading{6, true}); // a lower punctuation does not go downstream
  i.record(reading{15, true});
  BOOST_TEST(drain(i.out) == strings{"watermark 15"});
}

BOOST_AUTO_TEST_CASE(a_generator_object_is_copied_for_each_parallel_instance) {
  auto s = watermark_strategy<reading>::for_generator(marker_watermarks{})
             .with_timestamp_assigner(by_ts());
  instance a{s};
  instance b{s};
  a.record(1);
  a.record(2);
  BOOST_TEST(dynamic_cast<marker_watermarks&>(*a.g).seen == 2);
  BOOST_TEST(dynamic_cast<marker_watermarks&>(*b.g).seen == 0);
}

BOOST_AUTO_TEST_CASE(a_generator_factory_is_called_for_each_parallel_instance) {
  auto made = std::make_shared<int>(0);
  auto by_pointer = watermark_strategy<reading>::for_generator([made] {
    ++*made;
    return std::make_unique<marker_watermarks>();
  });
  auto by_value = watermark_strategy<reading>::for_generator([] { return marker_watermarks{}; });
  for (const auto& base : {by_pointer, by_value}) {
    instance i{base.with_timestamp_assigner(by_ts())};
    i.record(reading{42, true});
    BOOST_TEST(drain(i.out) == strings{"watermark 42"});
  }
  BOOST_TEST(*made == 1);
  (void) by_pointer.create_generator();
  BOOST_TEST(*made == 2);
}

// --- timestamp assigners ----------------------------------------------------------------

BOOST_AUTO_TEST_CASE(without_an_assigner_a_record_keeps_its_timestamp) {
  auto s = watermark_strategy<reading>::for_monotonous_timestamps();
  BOOST_TEST(!s.has_timestamp_assigner());
  BOOST_TEST(s.assign_timestamp(at(5), event_time{77}).value() == 77);
  BOOST_TEST(s.assign_timestamp(at(5), event_time_min) == event_time_min);
}

BOOST_AUTO_TEST_CASE(an_assigner_of_record_and_previous_timestamp_sees_both) {
  auto s = watermark_strategy<reading>::for_monotonous_timestamps().with_timestamp_assigner(
    [](const reading& r, event_time previous) {
      return r.ts != 0 ? event_time{r.ts} : previous;
    });
  BOOST_TEST(s.has_timestamp_assigner());
  BOOST_TEST(s.assign_timestamp(at(5), event_time{77}).value() == 5);
  BOOST_TEST(s.assign_timestamp(at(0), event_time{77}).value() == 77);
}

BOOST_AUTO_TEST_CASE(an_assigner_of_the_record_alone_is_accepted) {
  auto s = watermark_strategy<reading>::for_monotonous_timestamps().with_timestamp_assigner(
    [](const reading& r) { return event_time{r.ts * 1000}; });
  BOOST_TEST(s.assign_timestamp(at(3), event_time{77}).value() == 3000);
}

BOOST_AUTO_TEST_CASE(an_assigner_may_return_plain_milliseconds) {
  auto ms = watermark_strategy<reading>::no_watermarks().with_timestamp_assigner(
    [](const reading& r) { return r.ts + 1; }); // std::int64_t
  BOOST_TEST(ms.assign_timestamp(at(3), event_time_min).value() == 4);
  auto small = watermark_strategy<reading>::no_watermarks().with_timestamp_assigner(
    [](const reading& r) { return static_cast<int>(r.ts); });
  BOOST_TEST(small.assign_timestamp(at(-3), event_time_min).value() == -3);
}

BOOST_AUTO_TEST_CASE(an_assigner_of_record_and_previous_milliseconds_is_flinks_signature) {
  auto s = watermark_strategy<reading>::no_watermarks().with_timestamp_assigner(
    [](const reading& r, std::int64_t previous_ms) { return previous_ms + r.ts; });
  BOOST_TEST(s.assign_timestamp(at(3), event_time{100}).value() == 103);
}

BOOST_AUTO_TEST_CASE(a_function_pointer_is_an_assigner) {
  auto s = watermark_strategy<reading>::no_watermarks().with_timestamp_assigner(
    +[](const reading& r) -> std::int64_t { return r.ts; });
  BOOST_TEST(s.assign_timestamp(at(9), event_time_min).value() == 9);
}

BOOST_AUTO_TEST_CASE(with_calls_return_a_new_strategy_and_leave_the_original_alone) {
  auto plain = watermark_strategy<reading>::for_monotonous_timestamps();
  auto assigned = plain.with_timestamp_assigner(by_ts());
  auto idle = assigned.with_idleness(1s);
  BOOST_TEST(!plain.has_timestamp_assigner());
  BOOST_TEST(!plain.idle_timeout().has_value());
  BOOST_TEST(!assigned.idle_timeout().has_value());
  BOOST_TEST(idle.has_timestamp_assigner());
  BOOST_TEST(idle.idle_timeout().value().count() == 1000);
  BOOST_TEST(idle.with_idleness(20ms).idle_timeout().value().count() == 20);
}

// --- idleness ---------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(a_timeout_of_zero_or_less_is_rejected) {
  auto s = watermark_strategy<reading>::for_monotonous_timestamps();
  for (auto t : {0ms, -5ms})
    BOOST_CHECK_EXCEPTION(
      (void) s.with_idleness(t), weir_exception,
      [](const weir_exception& e) { return e.err().code() == errc::invalid_configuration; });
}

BOOST_FIXTURE_TEST_CASE(marks_idle_once_no_record_arrived_for_more_than_the_timeout,
                        idle_stream) {
  // The record at 0 is seen by the check at 200; the check at 400 is the first without records
  // and starts the countdown; idle at the first check more than 1000 ms later: 1600
  // (1400 − 400 = 1000 is not more).
  record(100);
  BOOST_TEST(emits_at(200) == strings{"watermark 99"});
  for (int now = 400; now <= 1400; now += 200) {
    BOOST_TEST_INFO("at " << now);
    BOOST_TEST(emits_at(now) == strings{});
  }
  BOOST_TEST(emits_at(1600) == strings{"idle"});
  BOOST_TEST(emits_at(5000) == strings{}); // still idle: not marked again
}

BOOST_FIXTURE_TEST_CASE(the_next_record_makes_an_idle_stream_active_again, idle_stream) {
  record(100);
  BOOST_TEST(emits_from_to(200, 1600) == (strings{"watermark 99", "idle"}));
  clock->set(1700ms);
  record(50); // active at once, though its watermark (99) will not rise
  BOOST_TEST(drain(out) == strings{"active"});
  BOOST_TEST(!out.idle());
  BOOST_TEST(emits_at(1800) == strings{});
  record(300);
  BOOST_TEST(emits_at(2000) == strings{"watermark 299"});
  // and idle again after the same countdown: the check at 2200 starts it, idle at 3400
  BOOST_TEST(emits_from_to(2200, 3200) == strings{});
  BOOST_TEST(emits_at(3400) == strings{"idle"});
}

BOOST_FIXTURE_TEST_CASE(no_idle_while_records_flow_slower_than_the_interval_within_the_timeout,
                        idle_stream) {
  // A record every 800 ms: a countdown never runs longer than 200 ms before a record resets it.
  strings seen;
  for (int now = 0; now <= 10'000; now += 200) {
    clock->set(std::chrono::milliseconds{now});
    if (now % 800 == 0)
      record(now);
    for (auto& e : emits_at(now))
      seen.push_back(e);
  }
  BOOST_TEST(!out.idle());
  BOOST_TEST(seen.front() == "watermark -1");  // the record at 0
  BOOST_TEST(seen.back() == "watermark 9599"); // the record at 9600
  BOOST_TEST(seen.size() == 13u);              // one per record, nothing else
}

BOOST_AUTO_TEST_CASE(the_idleness_timer_counts_from_the_first_check_without_records) {
  auto clock = std::make_shared<time::manual_clock>(); // starts at 0: a valid start time
  idleness_timer timer{clock, 1000ms};
  BOOST_TEST(!timer.check_if_idle()); // no records yet: starts the countdown at 0
  clock->set(1000ms);
  BOOST_TEST(!timer.check_if_idle()); // exactly the timeout is not more than it
  clock->set(1001ms);
  BOOST_TEST(timer.check_if_idle());
  timer.activity();
  BOOST_TEST(!timer.check_if_idle()); // a record resets the countdown
  clock->set(1500ms);
  BOOST_TEST(!timer.check_if_idle()); // starts it again at 1500
  clock->set(2501ms);
  BOOST_TEST(timer.check_if_idle());
}

// --- the recording output ---------------------------------------------------------------

BOOST_AUTO_TEST_CASE(the_recording_output_keeps_rising_watermarks_and_status_changes_only) {
  recording_watermark_output out;
  out.emit_watermark(event_time_min);
  out.emit_watermark(event_time{10});
  out.emit_watermark(event_time{10});
  out.emit_watermark(event_time{9});
  out.mark_active(); // already active
  out.mark_idle();
  out.mark_idle();
  out.emit_watermark(event_time{11}); // a watermark ends idleness
  out.mark_idle();
  out.mark_active();
  BOOST_TEST(drain(out) ==
             (strings{"watermark 10", "idle", "active", "watermark 11", "idle", "active"}));
  BOOST_TEST(out.current_watermark().value() == 11);
}

BOOST_AUTO_TEST_SUITE_END()
