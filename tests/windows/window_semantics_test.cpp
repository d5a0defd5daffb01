// Window semantics end to end, each case on the heap and on RocksDB, against rows written by
// hand from Flink's documented semantics (WindowOperator, EvictingWindowOperator, the
// assigners, triggers and evictors of flink-streaming-java), with the derivation next to them.
//
//   from_collection(events) ─► punctuated watermarks ─hash(key)─► Window(...) ─► stamp ─► collect
//
// Parallelism 1 and a punctuated watermark after every record (max timestamp seen − bound − 1),
// so the operator sees record, watermark, record, watermark, ... and the output is exact. A row
// is "key window contents @timestamp": the contents in the order the window holds them, the
// timestamp of the emitted record as a downstream process function reads it (Flink: the
// window's maxTimestamp() = end − 1). "wm=" is the watermark the window function saw.
// Processing-time windows: window_processing_time_test.cpp.

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

#include "window_support.hpp"

using namespace weir;
using namespace weir::test;
using namespace std::chrono_literals;

namespace {

/// Runs the job `build(env)` returns the rows of (stamped and collected) on `backend`;
/// `extra(env)` may collect more; returns the rows sorted.
template <class Build>
rows run(state_backend_kind backend, Build&& build) {
  temp_dir dir;
  auto env = window_test_env(backend, dir);
  auto out = stamped(build(env)).collect();
  auto result = env.execute("window semantics");
  BOOST_REQUIRE_MESSAGE(result.ok(), result.err().to_string());
  return sorted(out.values());
}

/// Checks `build` on both backends against `expected` (any order).
template <class Build>
void expect_rows(Build&& build, rows expected) {
  for (auto backend : backends) {
    BOOST_TEST_CONTEXT("backend " << backend_name(backend)) {
      auto got = run(backend, build);
      BOOST_TEST(got == sorted(expected), boost::test_tools::per_element());
    }
  }
}

double sum_of(const std::vector<event>& all) {
  double s = 0;
  for (const auto& e : all)
    s += e.value;
  return s;
}

/// "key window sum" (for sessions, whose merged contents have no defined order).
struct show_sum {
  void operator()(const std::string& key, window_context<time_window>& ctx,
                  const std::vector<event>& all, collector<std::string>& out) const {
    out.collect(key + " " + show_window(ctx.window()) + " sum=" + show_value(sum_of(all)));
  }
};

event sum_events(const event& x, const event& y) {
  return event{x.key, std::max(x.ts, y.ts), x.value + y.value};
}

/// Flink's AggregateFunction for an average, with merge (for sessions).
struct average {
  struct acc {
    double sum = 0;
    std::int64_t count = 0;
  };
  acc create_accumulator() const { return {}; }
  acc add(const event& e, acc a) const {
    a.sum += e.value;
    ++a.count;
    return a;
  }
  double get_result(const acc& a) const { return a.count ? a.sum / a.count : 0; }
  acc merge(acc a, acc b) const { return {a.sum + b.sum, a.count + b.count}; }
};

} // namespace

template <>
struct weir::codec<average::acc> {
  static void encode(byte_writer& out, const average::acc& a) {
    out.write(a.sum);
    out.write(a.count);
  }
  static void decode(byte_reader& in, average::acc& a) { in.read(a.sum) && in.read(a.count); }
};

BOOST_AUTO_TEST_SUITE(window_semantics_test)

// -- assigners ----------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(sliding_event_time_windows_hold_each_element_in_size_over_slide_windows) {
  // size 10, slide 5, bound 100 (nothing late; everything fires at the final watermark).
  // a@1 -> [0,10) [-5,5);  a@7 -> [5,15) [0,10);  a@12 -> [10,20) [5,15);
  // b@5 -> [5,15) [0,10);  a@3 -> [0,10) [-5,5)   (out of order, within the bound)
  expect_rows(
    [](environment& env) {
      return keyed_events(env, {{"a", 1, 1}, {"a", 7, 2}, {"a", 12, 4}, {"b", 5, 8}, {"a", 3, 16}},
                          100)
        .window(sliding_event_time_windows::of(10ms, 5ms))
        .process<std::string>(show_contents{});
    },
    {"a [-5,5) 1,16 @4", "a [0,10) 1,2,16 @9", "a [5,15) 2,4 @14", "a [10,20) 4 @19",
     "b [0,10) 8 @9", "b [5,15) 8 @14"});
}

BOOST_AUTO_TEST_CASE(an_empty_window_never_fires) {
  // tumbling 10, bound 0: a@5 and a@35 fill [0,10) and [30,40); [10,20) and [20,30) get no
  // element, so no timer and no firing (Flink registers the trigger's timer on an element).
  // Sliding 10/5 likewise: a@2 -> [0,10) [-5,5); a@32 -> [30,40) [25,35); nothing between.
  expect_rows(
    [](environment& env) {
      return keyed_events(env, {{"a", 5, 1}, {"a", 35, 2}})
        .window(tumbling_event_time_windows::of(10ms))
        .process<std::string>(show_contents{});
    },
    {"a [0,10) 1 @9", "a [30,40) 2 @39"});
  expect_rows(
    [](environment& env) {
      return keyed_events(env, {{"a", 2, 1}, {"a", 32, 2}})
        .window(sliding_event_time_windows::of(10ms, 5ms))
        .process<std::string>(show_contents{});
    },
    {"a [-5,5) 1 @4", "a [0,10) 1 @9", "a [25,35) 2 @34", "a [30,40) 2 @39"});
}

BOOST_AUTO_TEST_CASE(session_windows_merge_touching_sessions_and_an_out_of_order_bridge) {
  // gap 10, bound 20 (watermark = max - 21 after each record):
  //   a@0 -> [0,10);  b@1 -> [1,11);  a@5 -> [5,15), merges with [0,10) into [0,15)
  //   b@11 -> [11,21) touches b's [1,11) (11 == 11): merged [1,21)
  //   a@25 -> [25,35), disjoint from [0,15) (15 < 25): two sessions of a   (wm 4)
  //   a@15 -> [15,25): touches [0,15) and [25,35): all three merge into [0,35); not late: wm 4
  //   c@40 -> [40,50);  c@51 -> [51,61): 50 < 51, two sessions               (wm 30)
  //   a@100 -> [100,110), wm 79: fires a [0,35) (max 34), b [1,21) (max 20), c [40,50) (49)
  //   end: a [100,110), c [51,61)
  expect_rows(
    [](environment& env) {
      return keyed_events(env,
                          {{"a", 0, 1}, {"b", 1, 32}, {"a", 5, 2}, {"b", 11, 64}, {"a", 25, 4},
                           {"a", 15, 8}, {"c", 40, 1}, {"c", 51, 2}, {"a", 100, 16}},
                          20)
        .window(event_time_session_windows::with_gap(10ms))
        .process<std::string>(show_sum{});
    },
    {"a [0,35) sum=15 @34", "b [1,21) sum=96 @20", "c [40,50) sum=1 @49", "c [51,61) sum=2 @60",
     "a [100,110) sum=16 @109"});
}

BOOST_AUTO_TEST_CASE(a_late_element_within_lateness_merges_a_fired_session_with_the_next) {
  // gap 10, bound 0, allowed lateness 50:
  //   a@0 -> [0,10)                                   wm -1
  //   a@20 -> [20,30); wm 19 passes 9: [0,10) fires {1} (kept until cleanup at 9 + 50)
  //   a@10 -> [10,20) touches [0,10) and [20,30): merged [0,30), max 29 > wm 19: the
  //          event-time trigger's on_merge registers 29; on_element does not fire (29 > 19)
  //   a@40 -> [40,50); wm 39 passes 29: [0,30) fires {1, 2, 4}
  //   end: [40,50) fires {8}
  expect_rows(
    [](environment& env) {
      return keyed_events(env, {{"a", 0, 1}, {"a", 20, 2}, {"a", 10, 4}, {"a", 40, 8}})
        .window(event_time_session_windows::with_gap(10ms))
        .allowed_lateness(50ms)
        .process<std::string>(show_sum{});
    },
    {"a [0,10) sum=1 @9", "a [0,30) sum=7 @29", "a [40,50) sum=8 @49"});
}

BOOST_AUTO_TEST_CASE(session_windows_with_a_dynamic_gap_take_the_gap_from_each_element) {
  // gap = value ms, bound 100 (all fire at the end):
  //   a@0 v5 -> [0,5);  a@5 v3 -> [5,8) touches [0,5): [0,8)
  //   a@20 v10 -> [20,30);  a@9 v1 -> [9,10): 8 < 9 and 10 < 20, a session of its own
  //   a@28 v2 -> [28,30) lies inside [20,30): merged without growing
  expect_rows(
    [](environment& env) {
      return keyed_events(env, {{"a", 0, 5}, {"a", 5, 3}, {"a", 20, 10}, {"a", 9, 1}, {"a", 28, 2}},
                          100)
        .window(event_time_session_windows::with_dynamic_gap(
          [](const event& e) { return std::chrono::milliseconds{std::int64_t(e.value)}; }))
        .process<std::string>(show_sum{});
    },
    {"a [0,8) sum=8 @7", "a [9,10) sum=1 @9", "a [20,30) sum=12 @29"});
}

// -- lateness -----------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(allowed_lateness_refires_with_the_updated_contents_and_later_goes_aside) {
  // tumbling 10, bound 0, allowed lateness 20, late side output:
  //   a@1 v1                                             wm 0
  //   a@12 v2; wm 11 >= 9: [0,10) fires {1}              (cleanup at 9 + 20 = 29)
  //   a@5 v4: [0,10) not past cleanup; EventTimeTrigger.onElement: max 9 <= wm 11 -> FIRE:
  //          late firing with {1, 4}
  //   a@35 v8; wm 34: [10,20) fires {2} at 19; [0,10) cleaned up at 29
  //   a@3 v16: [0,10) is gone and 3 <= 34 - 20: late -> side output (its own timestamp)
  //   a@15 v32: [10,20) cleanup at 39 > 34: late firing {2, 32}
  //   end: [30,40) fires {8}
  for (auto backend : backends) {
    BOOST_TEST_CONTEXT("backend " << backend_name(backend)) {
      temp_dir dir;
      auto env = window_test_env(backend, dir);
      output_tag<event> late("late");
      auto fired = keyed_events(env, {{"a", 1, 1}, {"a", 12, 2}, {"a", 5, 4}, {"a", 35, 8},
                                      {"a", 3, 16}, {"a", 15, 32}})
                     .window(tumbling_event_time_windows::of(10ms))
                     .allowed_lateness(20ms)
                     .side_output_late_data(late)
                     .process<std::string>(show_contents{true});
      auto main = stamped(fired).collect();
      auto aside = fired.get_side_output(late)
                     .process([](const event& e, process_context& ctx, collector<std::string>& o) {
                       o.collect(e.key + " " + std::to_string(e.ts) + " " + show_value(e.value)
                                 + " @" + std::to_string(ctx.timestamp()->value()));
                     })
                     .collect();
      auto result = env.execute();
      BOOST_REQUIRE_MESSAGE(result.ok(), result.err().to_string());
      rows expected{"a [0,10) 1 wm=11 @9", "a [0,10) 1,4 wm=11 @9", "a [10,20) 2 wm=34 @19",
                    "a [10,20) 2,32 wm=34 @19",
                    "a [30,40) 8 wm=" + std::to_string(event_time_max.value()) + " @39"};
      BOOST_TEST(sorted(main.values()) == sorted(expected), boost::test_tools::per_element());
      BOOST_TEST(aside.values() == rows{"a 3 16 @3"}, boost::test_tools::per_element());
    }
  }
}

BOOST_AUTO_TEST_CASE(without_lateness_an_element_for_a_fired_window_is_dropped) {
  // tumbling 10, bound 0, no side output: a@12 makes wm 11, [0,10) fires {1} and is cleaned
  // up at once (cleanup time 9); a@5 is late and dropped (Flink's numLateRecordsDropped).
  expect_rows(
    [](environment& env) {
      return keyed_events(env, {{"a", 1, 1}, {"a", 12, 2}, {"a", 5, 4}})
        .window(tumbling_event_time_windows::of(10ms))
        .process<std::string>(show_contents{});
    },
    {"a [0,10) 1 @9", "a [10,20) 2 @19"});
}

// -- count windows ------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(count_window_fires_and_purges_every_n_and_never_at_end_of_input) {
  // countWindow(3) = GlobalWindows + PurgingTrigger(CountTrigger(3)): a's 3rd and 6th element
  // fire {1,2,3}, {4,5,6}; a's 7th and b's two never fire (GlobalWindows' end never comes).
  // The records carry GlobalWindow.maxTimestamp() = Long.MAX_VALUE.
  expect_rows(
    [](environment& env) {
      return keyed_events(env, {{"a", 1, 1}, {"a", 2, 2}, {"b", 3, 10}, {"a", 4, 3}, {"a", 5, 4},
                                {"a", 6, 5}, {"b", 7, 20}, {"a", 8, 6}, {"a", 9, 7}})
        .count_window(3)
        .process<std::string>(show_contents{});
    },
    {"a global 1,2,3 @max", "a global 4,5,6 @max"});
}

BOOST_AUTO_TEST_CASE(sliding_count_window_keeps_the_last_n_and_fires_every_slide) {
  // countWindow(3, 2) = GlobalWindows + CountEvictor(3) + CountTrigger(2); the evictor runs
  // before the function and its result is written back (FLINK-4369):
  //   a: 1,2 -> fire {1,2};  +3,4 -> {1,2,3,4} evict 1 -> fire {2,3,4};
  //      +5,6 -> {2,3,4,5,6} evict 2 -> fire {4,5,6};  +7: count 1, never fires
  //   b: 10,20 -> fire {10,20}
  expect_rows(
    [](environment& env) {
      return keyed_events(env, {{"a", 1, 1}, {"a", 2, 2}, {"b", 3, 10}, {"a", 4, 3}, {"a", 5, 4},
                                {"a", 6, 5}, {"b", 7, 20}, {"a", 8, 6}, {"a", 9, 7}})
        .count_window(3, 2)
        .process<std::string>(show_contents{});
    },
    {"a global 1,2 @max", "a global 2,3,4 @max", "a global 4,5,6 @max", "b global 10,20 @max"});
}

// -- triggers -----------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(a_count_trigger_replaces_the_event_time_trigger) {
  // tumbling 100 with CountTrigger(2): fires (without purging) on a's 2nd and 4th element;
  // never at the window's end (CountTrigger.onEventTime continues); [100,200) has one element.
  expect_rows(
    [](environment& env) {
      return keyed_events(env, {{"a", 1, 1}, {"a", 2, 2}, {"a", 3, 4}, {"a", 4, 8}, {"a", 150, 16}})
        .window(tumbling_event_time_windows::of(100ms))
        .trigger(count_trigger::of(2))
        .process<std::string>(show_contents{});
    },
    {"a [0,100) 1,2 @99", "a [0,100) 1,2,4,8 @99"});
}

BOOST_AUTO_TEST_CASE(a_continuous_event_time_trigger_fires_every_interval_and_at_the_end) {
  // tumbling 100, ContinuousEventTimeTrigger(30), bound 0. onElement registers the window's
  // end (99) and, once, ts - ts % 30 + 30; each firing registers min(t + 30, 99).
  //   a@5: next 30          a@20          a@31: wm 30 -> fire {1,2,4}, next 60
  //   a@65: wm 64 -> 60 fires {1,2,4,8}, next 90
  //   a@95: wm 94 -> 90 fires {..,16}, next 99
  //   a@200 (window [200,300): next 210): wm 199 -> 99 fires once more (time == maxTimestamp)
  //   end (wm max): [200,300) fires at 210, 240, 270 and 299
  const auto end = std::to_string(event_time_max.value());
  expect_rows(
    [](environment& env) {
      return keyed_events(env, {{"a", 5, 1}, {"a", 20, 2}, {"a", 31, 4}, {"a", 65, 8},
                                {"a", 95, 16}, {"a", 200, 32}})
        .window(tumbling_event_time_windows::of(100ms))
        .trigger(continuous_event_time_trigger::of(30ms))
        .process<std::string>(show_contents{true});
    },
    {"a [0,100) 1,2,4 wm=30 @99", "a [0,100) 1,2,4,8 wm=64 @99", "a [0,100) 1,2,4,8,16 wm=94 @99",
     "a [0,100) 1,2,4,8,16 wm=199 @99", "a [200,300) 32 wm=" + end + " @299",
     "a [200,300) 32 wm=" + end + " @299", "a [200,300) 32 wm=" + end + " @299",
     "a [200,300) 32 wm=" + end + " @299"});
}

BOOST_AUTO_TEST_CASE(a_purging_trigger_purges_on_every_firing) {
  // PurgingTrigger(ContinuousEventTimeTrigger(30)) on tumbling 100, bound 0: each firing
  // emits only what came since the last one.
  //   a@5, a@20, a@31: wm 30 -> fire+purge {1,2,4}, next 60
  //   a@65: wm 64 -> 60: {8}, next 90;  a@95: wm 94 -> 90: {16}, next 99
  //   a@200: wm 199 -> 99 fires an empty window: nothing; end: [200,300) {32} at 210, then
  //   empty at 240, 270, 299
  expect_rows(
    [](environment& env) {
      return keyed_events(env, {{"a", 5, 1}, {"a", 20, 2}, {"a", 31, 4}, {"a", 65, 8},
                                {"a", 95, 16}, {"a", 200, 32}})
        .window(tumbling_event_time_windows::of(100ms))
        .trigger(purging_trigger<continuous_event_time_trigger>::of(
          continuous_event_time_trigger::of(30ms)))
        .process<std::string>(show_contents{true});
    },
    {"a [0,100) 1,2,4 wm=30 @99", "a [0,100) 8 wm=64 @99", "a [0,100) 16 wm=94 @99",
     "a [200,300) 32 wm=" + std::to_string(event_time_max.value()) + " @299"});
}

BOOST_AUTO_TEST_CASE(a_purged_continuous_trigger_keeps_its_schedule_across_an_empty_interval) {
  // PurgingTrigger(ContinuousEventTimeTrigger(30)) on tumbling 100, bound 0; b's records move
  // the watermark without adding to a's window. Flink's WindowOperator.onEventTime calls the
  // trigger on every timer of a window in flight, empty or not (it only skips emitting
  // null contents), so the trigger's schedule goes on through an interval without elements:
  //   a@5 (a: next 30)          a@31: wm 30 -> a fires+purges {1,2}, next 60
  //   b@61 (b: next 90): wm 60 -> a's 60: trigger FIREs an empty window: nothing emitted,
  //          next 90 registered
  //   a@65 (state holds 90: nothing registered)
  //   b@91: wm 90 -> a's 90 fires {4} (wm=90); b's 90 fires {100,200}, next 99
  //   b@150 ([100,200): next 180): wm 149 -> a's and b's 99: both empty, nothing
  //   end: b [100,200) fires {300} at 180
  const auto end = std::to_string(event_time_max.value());
  expect_rows(
    [](environment& env) {
      return keyed_events(env, {{"a", 5, 1}, {"a", 31, 2}, {"b", 61, 100}, {"a", 65, 4},
                                {"b", 91, 200}, {"b", 150, 300}})
        .window(tumbling_event_time_windows::of(100ms))
        .trigger(purging_trigger<continuous_event_time_trigger>::of(
          continuous_event_time_trigger::of(30ms)))
        .process<std::string>(show_contents{true});
    },
    {"a [0,100) 1,2 wm=30 @99", "a [0,100) 4 wm=90 @99", "b [0,100) 100,200 wm=90 @99",
     "b [100,200) 300 wm=" + end + " @199"});
}

namespace {

/// A custom trigger (Flink's Trigger members): fires (without purging) when the window gets
/// its 2nd element, counting in per-window state, and at the window's end.
class second_element_trigger {
public:
  trigger_result on_element(const event&, std::int64_t, const time_window& w,
                            trigger_context& ctx) const {
    ctx.register_event_time_timer(w.max_timestamp());
    auto& seen = ctx.get_partitioned_state(seen_);
    const auto n = seen.value().value_or(0) + 1;
    seen.update(n);
    return n == 2 ? trigger_result::fire : trigger_result::continue_;
  }
  trigger_result on_event_time(std::int64_t t, const time_window& w, trigger_context&) const {
    return t == w.max_timestamp() ? trigger_result::fire : trigger_result::continue_;
  }
  trigger_result on_processing_time(std::int64_t, const time_window&, trigger_context&) const {
    return trigger_result::continue_;
  }
  void clear(const time_window& w, trigger_context& ctx) const {
    ctx.delete_event_time_timer(w.max_timestamp());
    ctx.get_partitioned_state(seen_).clear();
  }

private:
  value_state_descriptor<std::int64_t> seen_{"seen"};
};

/// A custom evictor: before the function, evicts the elements with an odd value.
struct odd_value_evictor {
  void evict_before(std::vector<timestamped_value<event>>& all, std::size_t, const time_window&,
                    evictor_context&) const {
    std::erase_if(all, [](const timestamped_value<event>& e) {
      return static_cast<std::int64_t>(e.value.value) % 2 != 0;
    });
  }
  void evict_after(std::vector<timestamped_value<event>>&, std::size_t, const time_window&,
                   evictor_context&) const {}
};

} // namespace

BOOST_AUTO_TEST_CASE(a_custom_trigger_with_per_window_state) {
  // tumbling 100, bound 0: a's 2nd element fires {1,2}; b has one element; the end fires
  // a {1,2,4} and b {8}; in [100,200) a's 2nd element fires {16,32}, the end again.
  expect_rows(
    [](environment& env) {
      return keyed_events(env, {{"a", 1, 1}, {"a", 2, 2}, {"a", 3, 4}, {"b", 4, 8}, {"a", 150, 16},
                                {"a", 160, 32}})
        .window(tumbling_event_time_windows::of(100ms))
        .trigger(second_element_trigger{})
        .process<std::string>(show_contents{});
    },
    {"a [0,100) 1,2 @99", "a [0,100) 1,2,4 @99", "b [0,100) 8 @99", "a [100,200) 16,32 @199",
     "a [100,200) 16,32 @199"});
}

// -- evictors -----------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(a_count_evictor_before_or_after_the_function) {
  // tumbling 100 + CountTrigger(3) + CountEvictor(2): a gets 1,2,4 then 8,16,32.
  //  before: fire 1 sees {2,4} (evicted first), keeps {2,4}; fire 2 has {2,4,8,16,32} -> {16,32}
  //  after:  fire 1 sees {1,2,4}, keeps {2,4};            fire 2 sees {2,4,8,16,32}
  const std::vector<event> in{{"a", 1, 1},  {"a", 2, 2},  {"a", 3, 4},
                              {"a", 4, 8}, {"a", 5, 16}, {"a", 6, 32}};
  expect_rows(
    [&](environment& env) {
      return keyed_events(env, in)
        .window(tumbling_event_time_windows::of(100ms))
        .trigger(count_trigger::of(3))
        .evictor(count_evictor::of(2))
        .process<std::string>(show_contents{});
    },
    {"a [0,100) 2,4 @99", "a [0,100) 16,32 @99"});
  expect_rows(
    [&](environment& env) {
      return keyed_events(env, in)
        .window(tumbling_event_time_windows::of(100ms))
        .trigger(count_trigger::of(3))
        .evictor(count_evictor::of(2, true))
        .process<std::string>(show_contents{});
    },
    {"a [0,100) 1,2,4 @99", "a [0,100) 2,4,8,16,32 @99"});
}

BOOST_AUTO_TEST_CASE(a_time_evictor_before_or_after_the_function) {
  // tumbling 100 + CountTrigger(3) + TimeEvictor(10): evicts ts <= max ts - 10.
  //   a@1 v1, a@5 v2, a@12 v4: max 12, cutoff 2: evicts a@1
  //   a@13 v8, a@20 v16, a@30 v32: with what was kept, max 30, cutoff 20: keeps a@30
  //  before: sees {2,4} then {32}
  //  after:  sees {1,2,4} (keeps {2,4}), then {2,4,8,16,32} (keeps {32})
  const std::vector<event> in{{"a", 1, 1},   {"a", 5, 2},   {"a", 12, 4},
                              {"a", 13, 8}, {"a", 20, 16}, {"a", 30, 32}};
  expect_rows(
    [&](environment& env) {
      return keyed_events(env, in)
        .window(tumbling_event_time_windows::of(100ms))
        .trigger(count_trigger::of(3))
        .evictor(time_evictor::of(10ms))
        .process<std::string>(show_contents{});
    },
    {"a [0,100) 2,4 @99", "a [0,100) 32 @99"});
  expect_rows(
    [&](environment& env) {
      return keyed_events(env, in)
        .window(tumbling_event_time_windows::of(100ms))
        .trigger(count_trigger::of(3))
        .evictor(time_evictor::of(10ms, true))
        .process<std::string>(show_contents{});
    },
    {"a [0,100) 1,2,4 @99", "a [0,100) 2,4,8,16,32 @99"});
}

BOOST_AUTO_TEST_CASE(a_custom_evictor_and_a_reduce_over_what_it_leaves) {
  // tumbling 100 + CountTrigger(2) + evict odd values before; Flink's EvictingWindowOperator
  // calls the function even when nothing is left, and writes the rest back:
  //   a v1, v3 -> fire: nothing left: the function sees no element ("-")
  //   a v2, v5 -> fire: {2}  (the state keeps {2})
  //   a v7, v4 -> fire: {2,4}
  expect_rows(
    [](environment& env) {
      return keyed_events(env, {{"a", 1, 1}, {"a", 2, 3}, {"a", 3, 2}, {"a", 4, 5}, {"a", 5, 7},
                                {"a", 6, 4}})
        .window(tumbling_event_time_windows::of(100ms))
        .trigger(count_trigger::of(2))
        .evictor(odd_value_evictor{})
        .process<std::string>(show_contents{});
    },
    {"a [0,100) - @99", "a [0,100) 2 @99", "a [0,100) 2,4 @99"});
  // The same under reduce: the reduce of nothing emits nothing, then 2, then 6.
  expect_rows(
    [](environment& env) {
      return keyed_events(env, {{"a", 1, 1}, {"a", 2, 3}, {"a", 3, 2}, {"a", 4, 5}, {"a", 5, 7},
                                {"a", 6, 4}})
        .window(tumbling_event_time_windows::of(100ms))
        .trigger(count_trigger::of(2))
        .evictor(odd_value_evictor{})
        .reduce(sum_events)
        .map([](const event& e) { return e.key + " sum=" + show_value(e.value); });
    },
    {"a sum=2 @99", "a sum=6 @99"});
}

// -- window functions ---------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(reduce_then_a_process_window_function_sees_one_reduced_value) {
  // tumbling 10, bound 0: a [0,10) = 1+2, a [10,20) = 4, b [0,10) = 8; the window function
  // gets exactly one element, the reduce result.
  expect_rows(
    [](environment& env) {
      return keyed_events(env, {{"a", 1, 1}, {"a", 2, 2}, {"b", 3, 8}, {"a", 15, 4}})
        .window(tumbling_event_time_windows::of(10ms))
        .reduce<std::string>(sum_events, [](const std::string& key,
                                            window_context<time_window>& ctx,
                                            const std::vector<event>& one,
                                            collector<std::string>& out) {
          out.collect(key + " " + show_window(ctx.window()) + " n=" + std::to_string(one.size())
                      + " sum=" + show_value(one.front().value));
        });
    },
    {"a [0,10) n=1 sum=3 @9", "a [10,20) n=1 sum=4 @19", "b [0,10) n=1 sum=8 @9"});
}

BOOST_AUTO_TEST_CASE(aggregate_then_a_process_window_function_sees_the_result) {
  // average per key and window; on sessions (gap 10, bound 50) accumulators merge:
  // a@0 v1 [0,10), a@20 v3 [20,30), a@10 v2 [10,20) bridges: [0,30) avg 2
  auto fn = [](const std::string& key, window_context<time_window>& ctx,
               const std::vector<double>& one, collector<std::string>& out) {
    out.collect(key + " " + show_window(ctx.window()) + " n=" + std::to_string(one.size())
                + " avg=" + show_value(one.front()));
  };
  expect_rows(
    [&](environment& env) {
      return keyed_events(env, {{"a", 1, 1}, {"a", 2, 2}, {"b", 3, 8}, {"a", 15, 4}})
        .window(tumbling_event_time_windows::of(10ms))
        .aggregate<std::string>(average{}, fn);
    },
    {"a [0,10) n=1 avg=1.500000 @9", "a [10,20) n=1 avg=4 @19", "b [0,10) n=1 avg=8 @9"});
  expect_rows(
    [&](environment& env) {
      return keyed_events(env, {{"a", 0, 1}, {"a", 20, 3}, {"a", 10, 2}}, 50)
        .window(event_time_session_windows::with_gap(10ms))
        .aggregate<std::string>(average{}, fn);
    },
    {"a [0,30) n=1 avg=2 @29"});
}

namespace {

/// Counts firings in window_state() (per key and window) and in global_state() (per key), and
/// in clear() counts the windows cleared in global state (Flink's ProcessWindowFunction.clear).
class counting_window_function final
  : public process_window_function<event, std::string, std::string, time_window> {
public:
  // One state object serves a descriptor in every namespace, and window_state() /
  // global_state() only set its namespace (as Flink's getPartitionedState does): each state is
  // read and written before the next get_state.
  void process(const std::string& key, context& ctx, const std::vector<event>& all,
               collector<std::string>& out) override {
    auto& window_fires = ctx.window_state().get_state(window_fires_);
    const auto w = window_fires.value().value_or(0) + 1;
    window_fires.update(w);
    auto& key_fires = ctx.global_state().get_state(key_fires_);
    const auto k = key_fires.value().value_or(0) + 1;
    key_fires.update(k);
    const auto cleared = ctx.global_state().get_state(cleared_).value().value_or(0);
    out.collect(key + " " + show_window(ctx.window()) + " " + show_values(all)
                + " w=" + std::to_string(w) + " k=" + std::to_string(k)
                + " c=" + std::to_string(cleared));
  }
  void clear(context& ctx) override {
    auto& window_fires = ctx.window_state().get_state(window_fires_);
    if (window_fires.value()) { // only a window that fired has something to clear
      window_fires.clear();
      auto& cleared = ctx.global_state().get_state(cleared_);
      cleared.update(cleared.value().value_or(0) + 1);
    }
  }

private:
  value_state_descriptor<std::int64_t> window_fires_{"window-fires"};
  value_state_descriptor<std::int64_t> key_fires_{"key-fires"};
  value_state_descriptor<std::int64_t> cleared_{"cleared"};
};

} // namespace

BOOST_AUTO_TEST_CASE(process_with_per_window_and_per_key_state_and_clear) {
  // tumbling 10, bound 0, allowed lateness 25 (cleanup at max + 25):
  //   a@1;  a@12: wm 11 -> [0,10) fires {1}: w=1 k=1 c=0
  //   a@5: late firing {1,5}: its window state says w=2; k=2
  //   a@35: wm 34 -> [10,20) fires at 19 {12}: w=1 k=3; [0,10) cleanup at 34: clear() -> c=1
  //   end: [30,40) fires at 39 {35}: w=1 k=4 c=1; then cleanups of [10,20) (44), [30,40) (64)
  expect_rows(
    [](environment& env) {
      return keyed_events(env, {{"a", 1, 1}, {"a", 12, 12}, {"a", 5, 5}, {"a", 35, 35}})
        .window(tumbling_event_time_windows::of(10ms))
        .allowed_lateness(25ms)
        .process(counting_window_function{});
    },
    {"a [0,10) 1 w=1 k=1 c=0 @9", "a [0,10) 1,5 w=2 k=2 c=0 @9", "a [10,20) 12 w=1 k=3 c=0 @19",
     "a [30,40) 35 w=1 k=4 c=1 @39"});
}

// -- window_all ---------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(window_all_and_count_window_all_see_every_key) {
  // window_all(tumbling 10): one window over all keys: [0,10) {1 (a), 2 (b)}, [10,20) {4}
  auto all_fn = [](window_context<time_window>& ctx, const std::vector<event>& all,
                   collector<std::string>& out) {
    out.collect("* " + show_window(ctx.window()) + " " + show_values(all));
  };
  expect_rows(
    [&](environment& env) {
      return env.from_collection(std::vector<event>{{"a", 1, 1}, {"b", 2, 2}, {"a", 15, 4}})
        .assign_timestamps_and_watermarks(punctuated(0))
        .window_all(tumbling_event_time_windows::of(10ms))
        .process<std::string>(all_fn);
    },
    {"* [0,10) 1,2 @9", "* [10,20) 4 @19"});
  // count_window_all(2): {1,2} fires, {4} never does
  expect_rows(
    [&](environment& env) {
      return env.from_collection(std::vector<event>{{"a", 1, 1}, {"b", 2, 2}, {"a", 15, 4}})
        .assign_timestamps_and_watermarks(punctuated(0))
        .count_window_all(2)
        .process<std::string>(show_contents{});
    },
    {"* global 1,2 @max"});
  // count_window_all(2, 1): every element fires the last two
  expect_rows(
    [&](environment& env) {
      return env.from_collection(std::vector<event>{{"a", 1, 1}, {"b", 2, 2}, {"a", 15, 4}})
        .assign_timestamps_and_watermarks(punctuated(0))
        .count_window_all(2, 1)
        .process<std::string>(show_contents{});
    },
    {"* global 1 @max", "* global 1,2 @max", "* global 2,4 @max"});
}

BOOST_AUTO_TEST_SUITE_END()
