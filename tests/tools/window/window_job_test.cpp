// weir-window's job against rows written by hand from Flink's documented window semantics
// (WindowOperator, EventTimeTrigger, PurgingTrigger, CountTrigger, CountEvictor,
// TimeWindow.getWindowStartWithOffset and mergeWindows), never from the tool's own output.
//
//   CSV rows ─► line_source ─► timestamps + punctuated watermark ─► key_by(key)
//     ─► window(assigner per options) ─► aggregate + to_firing ─► rows (fire_index, sorted)
//                                     └─ late side output ─► late rows
//
// Conventions of the derivations: "wm" is the watermark the generator emits right after a
// record, max_ts_seen − bound − 1 (bound 0 unless said), only when it rises; a window
// [s, e) has max_timestamp e − 1 and fires when wm >= e − 1; its cleanup time is
// e − 1 + allowed lateness; a window is late when cleanup <= wm, a record when
// ts + allowed lateness <= wm; the end of input is wm = +infinity.

#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include <unistd.h>

#include "window/window_job.hpp"
#include "window/window_rows.hpp"

using namespace weir::window;

namespace {

struct output {
  std::vector<std::string> rows;
  std::vector<std::string> late;
};

/// Runs the job over `csv` through a pipe, as weir-window reads stdin.
output run(const window_options& o, const std::string& csv) {
  BOOST_REQUIRE(!o.validate());
  int fds[2];
  BOOST_REQUIRE(::pipe(fds) == 0);
  BOOST_REQUIRE(csv.size() < 4096); // fits the pipe: written before the job reads
  BOOST_REQUIRE(::write(fds[1], csv.data(), csv.size()) == static_cast<ssize_t>(csv.size()));
  ::close(fds[1]);
  auto result = run_window_job(o, fds[0]);
  ::close(fds[0]);
  BOOST_REQUIRE_MESSAGE(!result.malformed, result.malformed->describe());
  BOOST_REQUIRE_MESSAGE(!result.failure, result.failure->to_string());
  output out;
  for (const auto& row : number_firings(o.assigner, result.firings))
    out.rows.push_back(to_csv(row));
  for (const auto& r : result.late)
    out.late.push_back(to_csv(r));
  return out;
}

window_options tumbling(std::int64_t size) {
  window_options o;
  o.assigner = assigner_kind::tumbling;
  o.size = size;
  return o;
}

window_options sliding(std::int64_t size, std::int64_t slide) {
  window_options o;
  o.assigner = assigner_kind::sliding;
  o.size = size;
  o.slide = slide;
  return o;
}

window_options session(std::int64_t gap) {
  window_options o;
  o.assigner = assigner_kind::session;
  o.gap = gap;
  return o;
}

window_options count(std::int64_t size) {
  window_options o;
  o.assigner = assigner_kind::count;
  o.size = size;
  return o;
}

using lines = std::vector<std::string>;

} // namespace

BOOST_AUTO_TEST_SUITE(window_job_test)

BOOST_AUTO_TEST_CASE(tumbling_windows_start_at_the_offset_also_before_zero) {
  auto o = tumbling(10);
  o.offset = 3; // windows [3 + 10k, 13 + 10k)
  auto out = run(o,
                 "c,-5,1\n" // start = -5 − ((-5 − 3) mod 10 + 10) = -7: [-7,3); wm -6
                 "a,3,1\n"  // [3,13); wm 2 fires c [-7,3) (max 2): 1
                 "a,12,2\n" // [3,13); wm 11
                 "a,13,4\n" // [13,23); wm 12 fires a [3,13) (max 12): 1 + 2 = 3
                 "b,2,5\n"  // [-7,3): cleanup 2 <= wm 12, late window and 2 <= 12 late record
                 "a,30,8\n" // [23,33); wm 29 fires a [13,23): 4
                 );         // end: a [23,33): 8
  BOOST_TEST(out.rows == (lines{"a,3,13,0,3", "a,13,23,0,4", "a,23,33,0,8", "c,-7,3,0,1"}),
             boost::test_tools::per_element());
  BOOST_TEST(out.late == (lines{"b,2,5"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(watermark_trails_the_largest_timestamp_by_the_bound) {
  auto o = tumbling(10);
  o.bound_ms = 5;
  auto out = run(o,
                 "a,1,1\n"  // [0,10); wm 1 − 5 − 1 = -5
                 "a,12,2\n" // [10,20); wm 6: [0,10) (max 9) waits
                 "a,4,4\n"  // out of order, not late: [0,10) holds 1 + 4; wm stays 6
                 "a,15,8\n" // [10,20); wm 9 fires [0,10): 5
                 );         // end: [10,20): 2 + 8 = 10
  BOOST_TEST(out.rows == (lines{"a,0,10,0,5", "a,10,20,0,10"}), boost::test_tools::per_element());
  BOOST_TEST(out.late.empty());
}

BOOST_AUTO_TEST_CASE(sliding_windows_take_a_record_into_every_window_that_contains_it) {
  auto out = run(sliding(10, 5),
                 "a,1,1\n"  // [0,10) and [-5,5); wm 0
                 "a,6,2\n"  // [5,15) and [0,10); wm 5 fires [-5,5) (max 4): 1
                 "a,12,4\n" // [10,20) and [5,15); wm 11 fires [0,10) (max 9): 1 + 2 = 3
                 );         // end: [5,15): 2 + 4 = 6, [10,20): 4
  BOOST_TEST(out.rows == (lines{"a,-5,5,0,1", "a,0,10,0,3", "a,5,15,0,6", "a,10,20,0,4"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(sliding_windows_shift_by_the_offset) {
  auto o = sliding(10, 5);
  o.offset = 2; // starts at 2 + 5k
  auto out = run(o,
                 "a,1,1\n" // last start 1 − ((1 − 2) mod 5 + 5) = -3: [-3,7) and [-8,2); wm 0
                 "a,7,2\n" // last start 7: [7,17) and [2,12); wm 6 fires [-8,2) (max 1)
                           // and [-3,7) (max 6): 1 each
                 );        // end: [2,12): 2, [7,17): 2
  BOOST_TEST(out.rows == (lines{"a,-8,2,0,1", "a,-3,7,0,1", "a,2,12,0,2", "a,7,17,0,2"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_record_late_for_some_sliding_windows_goes_into_the_others_only) {
  auto out = run(sliding(10, 5),
                 "a,1,1\n"  // [0,10) and [-5,5); wm 0
                 "a,12,2\n" // [10,20) and [5,15); wm 11 fires [-5,5): 1 and [0,10): 1
                 // [5,15) is not late (cleanup 14 > 11): 8 goes there; [0,10) is (cleanup 9
                 // <= 11): skipped. Not every window skipped, so not a late record.
                 "a,8,4\n"
                 );         // end: [5,15): 2 + 4 = 6, [10,20): 2
  BOOST_TEST(out.rows == (lines{"a,-5,5,0,1", "a,0,10,0,1", "a,5,15,0,6", "a,10,20,0,2"}),
             boost::test_tools::per_element());
  BOOST_TEST(out.late.empty());
}

BOOST_AUTO_TEST_CASE(a_record_between_sliding_windows_is_dropped_but_not_late) {
  // --size 5 --slide 10: windows [10k, 10k + 5); 7 and 17 fall in none. Flink's
  // isElementLate is ts + lateness <= wm, false before the first watermark (Long.MIN_VALUE)
  // and for 17 + 5 > wm 11: neither goes to the late output.
  auto o = sliding(5, 10);
  o.allowed_lateness_ms = 5;
  o.late_output = "late.csv";
  auto out = run(o,
                 "a,7,1\n"  // no window, before any watermark; wm 6
                 "a,12,2\n" // [10,15); wm 11
                 "a,17,4\n" // no window; wm 16 fires [10,15): 2
                 );
  BOOST_TEST(out.rows == (lines{"a,10,15,0,2"}), boost::test_tools::per_element());
  BOOST_TEST(out.late.empty());
}

BOOST_AUTO_TEST_CASE(session_windows_merge_when_they_touch) {
  auto out = run(session(5),
                 "b,0,1\n"   // [0,5); wm -1
                 "b,5,2\n"   // [5,10) touches [0,5): merged [0,10) before wm 4 arrives
                 "b,10,4\n"  // [10,15) touches [0,10): [0,15); wm 9
                 "b,20,8\n"  // [20,25) does not reach [0,15); wm 19 fires [0,15) (max 14): 7
                 "c,0,16\n"  // [0,5): late window (cleanup 4 <= 19), late record
                 );          // end: [20,25): 8
  BOOST_TEST(out.rows == (lines{"b,0,15,0,7", "b,20,25,0,8"}), boost::test_tools::per_element());
  BOOST_TEST(out.late == (lines{"c,0,16"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_late_record_merges_two_fired_sessions_into_one_that_fires_at_once) {
  auto o = session(5);
  o.allowed_lateness_ms = 100;
  auto out = run(o,
                 "a,0,1\n"  // [0,5); wm -1
                 "a,9,2\n"  // [9,14); wm 8 fires [0,5) (max 4): 1
                 "a,30,4\n" // [30,35); wm 29 fires [9,14) (max 13): 2
                 // [5,10) is behind the watermark but within the lateness (5 + 100 > 29); it
                 // touches [0,5) and overlaps [9,14): the three merge into [0,14) (cleanup 113
                 // > 29, so not late), accumulators 1 + 2 + 8 = 11; its end 13 <= wm 29, so
                 // EventTimeTrigger.onElement fires it at once. A new window: fire_index 0.
                 "a,5,8\n"
                 );         // end: [30,35): 4
  BOOST_TEST(out.rows == (lines{"a,0,5,0,1", "a,0,14,0,11", "a,9,14,0,2", "a,30,35,0,4"}),
             boost::test_tools::per_element());
  BOOST_TEST(out.late.empty());
}

BOOST_AUTO_TEST_CASE(a_record_behind_the_watermark_joins_a_session_still_in_flight) {
  auto out = run(session(5),
                 "a,30,1\n" // [30,35); wm 29
                 // 26 <= wm 29, but its window [26,31) overlaps [30,35), which is in flight:
                 // merged [26,35) (cleanup 34 > 29) is not late, so the record is not skipped
                 // (Flink drops only records whose every window is late).
                 "a,26,2\n"
                 "a,20,4\n" // [20,25) reaches nothing in flight: late window, late record
                 );         // end: [26,35): 3
  BOOST_TEST(out.rows == (lines{"a,26,35,0,3"}), boost::test_tools::per_element());
  BOOST_TEST(out.late == (lines{"a,20,4"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_late_record_bridging_a_fired_and_a_pending_session_waits_for_the_end) {
  auto o = session(5);
  o.allowed_lateness_ms = 100;
  auto out = run(o,
                 "a,0,1\n" // [0,5); wm -1
                 "a,9,2\n" // [9,14); wm 8 fires [0,5): 1
                 // [5,10) bridges [0,5) and [9,14): [0,14), whose end 13 > wm 8, so
                 // EventTimeTrigger.onMerge sets its timer and onElement does not fire
                 "a,5,8\n"
                 );        // end: [0,14): 1 + 2 + 8 = 11
  BOOST_TEST(out.rows == (lines{"a,0,5,0,1", "a,0,14,0,11"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_late_record_in_a_fired_session_fires_it_again_and_may_grow_it) {
  auto o = session(5);
  o.allowed_lateness_ms = 100;
  auto out = run(o,
                 "a,0,1\n"  // [0,5); wm -1
                 "a,20,2\n" // [20,25); wm 19 fires [0,5): 1
                 "a,0,4\n"  // [0,5) again (no merge): the same window fires again: 5 (1)
                 "a,2,8\n"  // [2,7) grows it to [0,7), a new window: 13, at once (6 <= 19)
                 );         // end: [20,25): 2
  BOOST_TEST(out.rows == (lines{"a,0,5,0,1", "a,0,5,1,5", "a,0,7,0,13", "a,20,25,0,2"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_purged_session_merges_only_what_came_after_the_purge) {
  auto o = session(5);
  o.allowed_lateness_ms = 100;
  o.purging = true;
  auto out = run(o,
                 "a,0,1\n"  // [0,5); wm -1
                 "a,20,2\n" // [20,25); wm 19 fires and purges [0,5): 1
                 // [3,8) merges with [0,5) (still in flight until 104, but empty): [0,8)
                 // holds 4 only, fires at once (7 <= 19) and purges
                 "a,3,4\n"
                 );         // end: [20,25): 2
  BOOST_TEST(out.rows == (lines{"a,0,5,0,1", "a,0,8,0,4", "a,20,25,0,2"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(allowed_lateness_fires_again_per_late_record_until_cleanup) {
  auto o = tumbling(10);
  o.allowed_lateness_ms = 5; // [0,10) is cleaned up when wm >= 9 + 5 = 14
  o.late_output = "late.csv";
  auto out = run(o,
                 "a,1,1\n"   // [0,10); wm 0
                 "a,12,2\n"  // [10,20); wm 11 fires [0,10): 1 (fire_index 0)
                 "a,3,4\n"   // late but 3 + 5 > 11: [0,10) holds 5, fires at once (1)
                 "a,9,8\n"   // again: 13 (2)
                 "a,14,16\n" // [10,20); wm 13 < 14: [0,10) still kept
                 "a,2,32\n"  // 2 + 5 > 13, cleanup 14 > 13: 45 (3)
                 "a,15,64\n" // [10,20); wm 14: the cleanup timer drops [0,10)
                 "a,5,128\n" // cleanup 14 <= 14 and 5 + 5 <= 14: late, to the late output
                 );          // end: [10,20): 2 + 16 + 64 = 82
  BOOST_TEST(out.rows == (lines{"a,0,10,0,1", "a,0,10,1,5", "a,0,10,2,13", "a,0,10,3,45",
                                "a,10,20,0,82"}),
             boost::test_tools::per_element());
  BOOST_TEST(out.late == (lines{"a,5,128"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(purging_trigger_empties_the_window_at_every_firing) {
  auto o = tumbling(10);
  o.allowed_lateness_ms = 5;
  o.purging = true;
  // The input of the allowed-lateness case: every firing sees only what came since the last.
  auto out = run(o,
                 "a,1,1\n"   // wm 0
                 "a,12,2\n"  // wm 11 fires and purges [0,10): 1
                 "a,3,4\n"   // [0,10) holds 4 only: 4
                 "a,9,8\n"   // 8
                 "a,14,16\n" // wm 13
                 "a,2,32\n"  // 32
                 "a,15,64\n" // wm 14: cleanup of [0,10)
                 "a,5,128\n" // late
                 );          // end: [10,20): 82
  BOOST_TEST(out.rows == (lines{"a,0,10,0,1", "a,0,10,1,4", "a,0,10,2,8", "a,0,10,3,32",
                                "a,10,20,0,82"}),
             boost::test_tools::per_element());
  BOOST_TEST(out.late == (lines{"a,5,128"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(count_windows_fire_every_n_records_of_a_key_and_never_at_end_of_input) {
  // count_window(3): global windows, PurgingTrigger(CountTrigger(3)); timestamps play no part
  // (a record far behind the others is not late).
  auto out = run(count(3),
                 "a,1000,1\n"
                 "a,2,2\n"
                 "b,3,10\n"
                 "a,3,4\n"  // a's 3rd: fires 1 + 2 + 4 = 7 (n 0) and purges
                 "a,4,8\n"
                 "b,5,20\n"
                 "a,5,16\n"
                 "a,6,32\n" // a's 6th: 8 + 16 + 32 = 56 (n 1)
                 "a,7,64\n" // a's 7th: one of three at the end, never fires
                 "b,8,40\n" // b's 3rd: 70 (n 0)
                 "c,9,1\n"  // c: one of three, never fires
  );
  BOOST_TEST(out.rows == (lines{"a,0,0,0,7", "a,1,1,1,56", "b,0,0,0,70"}),
             boost::test_tools::per_element());
  BOOST_TEST(out.late.empty());
}

BOOST_AUTO_TEST_CASE(sliding_count_windows_fire_every_slide_over_the_last_size_records) {
  // count_window(3, 2): global windows, CountEvictor(3) before the function, CountTrigger(2)
  // (its count resets when it fires; the evicted records leave the window for good).
  auto o = count(3);
  o.slide = 2;
  auto out = run(o,
                 "a,1,1\n"
                 "a,2,2\n"  // 2nd: fires over [1, 2]: 3 (n 0)
                 "a,3,4\n"
                 "a,4,8\n"  // 4th: [1, 2, 4, 8] evicted to the last 3 [2, 4, 8]: 14 (n 1)
                 "a,5,16\n" // 1 of 2 since the last firing: none at end of input
                 "b,6,1\n"  // b: never 2
  );
  BOOST_TEST(out.rows == (lines{"a,0,0,0,3", "a,1,1,1,14"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(every_aggregate_over_a_tumbling_window) {
  // [0,10) holds 3, -1.5, 0.25: sum 1.75, count 3, avg 1.75 / 3 = 0.58333333333333337
  // (shortest round trip 0.5833333333333334), min -1.5, max 3.
  const std::string csv = "a,1,3\na,2,-1.5\na,3,0.25\n";
  const std::pair<aggregate_kind, const char*> cases[] = {
    {aggregate_kind::sum, "a,0,10,0,1.75"},
    {aggregate_kind::count, "a,0,10,0,3"},
    {aggregate_kind::avg, "a,0,10,0,0.5833333333333334"},
    {aggregate_kind::min, "a,0,10,0,-1.5"},
    {aggregate_kind::max, "a,0,10,0,3"},
  };
  for (const auto& [kind, row] : cases) {
    auto o = tumbling(10);
    o.aggregate = kind;
    BOOST_TEST(run(o, csv).rows == (lines{row}), boost::test_tools::per_element());
  }
}

BOOST_AUTO_TEST_CASE(every_aggregate_merges_with_its_sessions) {
  // --gap 5 --bound-ms 100: nothing fires before the end (wm at most 10 − 101).
  //   a,0,1  -> [0,5)
  //   a,10,3 -> [10,15)
  //   a,6,8  -> [6,11) joins [10,15): [6,15)
  //   a,4,2  -> [4,9) joins [0,5) and [6,15): [0,15) over 1, 3, 8, 2
  // sum 14, count 4, avg 3.5, min 1, max 8.
  const std::string csv = "a,0,1\na,10,3\na,6,8\na,4,2\n";
  const std::pair<aggregate_kind, const char*> cases[] = {
    {aggregate_kind::sum, "a,0,15,0,14"},
    {aggregate_kind::count, "a,0,15,0,4"},
    {aggregate_kind::avg, "a,0,15,0,3.5"},
    {aggregate_kind::min, "a,0,15,0,1"},
    {aggregate_kind::max, "a,0,15,0,8"},
  };
  for (const auto& [kind, row] : cases) {
    auto o = session(5);
    o.bound_ms = 100;
    o.aggregate = kind;
    BOOST_TEST(run(o, csv).rows == (lines{row}), boost::test_tools::per_element());
  }
}

BOOST_AUTO_TEST_CASE(every_aggregate_over_a_count_window) {
  // count_window(2) over -2, 0.5 (fires, n 0) and 7 (never fires).
  const std::string csv = "k,5,-2\nk,1,0.5\nk,9,7\n";
  const std::pair<aggregate_kind, const char*> cases[] = {
    {aggregate_kind::sum, "k,0,0,0,-1.5"},
    {aggregate_kind::count, "k,0,0,0,2"},
    {aggregate_kind::avg, "k,0,0,0,-0.75"},
    {aggregate_kind::min, "k,0,0,0,-2"},
    {aggregate_kind::max, "k,0,0,0,0.5"},
  };
  for (const auto& [kind, row] : cases) {
    auto o = count(2);
    o.aggregate = kind;
    BOOST_TEST(run(o, csv).rows == (lines{row}), boost::test_tools::per_element());
  }
}

BOOST_AUTO_TEST_CASE(a_malformed_line_stops_the_job_and_is_named_by_its_number) {
  int fds[2];
  BOOST_REQUIRE(::pipe(fds) == 0);
  const std::string csv = "key,timestamp_ms,value\na,1,1\n\na,2\na,3,3\n";
  BOOST_REQUIRE(::write(fds[1], csv.data(), csv.size()) == static_cast<ssize_t>(csv.size()));
  ::close(fds[1]);
  auto result = run_window_job(tumbling(10), fds[0]);
  ::close(fds[0]);
  BOOST_REQUIRE(result.malformed);
  BOOST_TEST(result.malformed->describe()
             == "line 4: expected 3 fields key,timestamp_ms,value, found 2 in 'a,2'");
  BOOST_TEST(result.firings.empty());
}

BOOST_AUTO_TEST_SUITE_END()
