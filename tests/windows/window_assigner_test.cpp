// Window assigners as plain classes (no job), against Flink's documented semantics:
// TimeWindow.getWindowStartWithOffset, Tumbling/Sliding*Windows.assignWindows (latest start
// first), TimeWindow.mergeWindows (touching windows merge), session gaps (fixed and dynamic),
// argument checks, and MergingWindowSet.addWindow driven over a heap keyed state backend.

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <cstdint>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "weir/flow/keyed_state_scope.hpp"
#include "weir/windowing/merging_window_set.hpp"
#include "weir/weir.hpp"

using namespace weir;
using namespace std::chrono_literals;

BOOST_TEST_DONT_PRINT_LOG_VALUE(weir::errc)
BOOST_TEST_DONT_PRINT_LOG_VALUE(weir::time_window)
BOOST_TEST_DONT_PRINT_LOG_VALUE(std::vector<weir::time_window>)

namespace {

constexpr std::int64_t no_timestamp = std::numeric_limits<std::int64_t>::min();
constexpr std::int64_t hour = 3'600'000;

/// The windows `a` assigns to `element` at `timestamp`, in the order it assigns them.
template <class Assigner, class T = int>
std::vector<typename Assigner::window_type> windows_of(const Assigner& a, std::int64_t timestamp,
                                                       std::int64_t now = 0, const T& element = {}) {
  std::vector<typename Assigner::window_type> out;
  a.assign_windows(element, timestamp, now, [&](const auto& w) { out.push_back(w); });
  return out;
}

/// The error `f` throws as a weir_exception (a failed test if it throws none).
template <class F>
weir::error thrown_by(F&& f) {
  try {
    f();
  } catch (const weir_exception& e) {
    return e.err();
  }
  BOOST_FAIL("no weir_exception was thrown");
  return {};
}

bool mentions(const weir::error& e, const std::string& word) {
  return e.message().find(word) != std::string::npos;
}

using merge_call = std::pair<time_window, std::vector<time_window>>;

std::vector<merge_call> merges_of(std::vector<time_window> windows) {
  std::vector<merge_call> out;
  event_time_session_windows::with_gap(10ms).merge_windows(
    windows, [&](const time_window& result, const std::vector<time_window>& merged) {
      out.emplace_back(result, merged);
    });
  return out;
}

} // namespace

BOOST_AUTO_TEST_SUITE(window_assigner_test)

// -- windows ------------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(a_time_window_ends_one_ms_before_its_end_and_touching_windows_intersect) {
  constexpr time_window w{0, 10};
  static_assert(w.max_timestamp() == 9);
  BOOST_TEST(w.intersects(time_window{10, 20})); // touching: Flink's TimeWindow.intersects
  BOOST_TEST(w.intersects(time_window{-5, 0}));
  BOOST_TEST(!w.intersects(time_window{11, 20}));
  BOOST_TEST((w.cover(time_window{5, 30}) == time_window{0, 30}));
  BOOST_TEST((time_window{0, 10} < time_window{0, 11}));
  BOOST_TEST((time_window{0, 10} < time_window{1, 2}));
  BOOST_TEST(global_window::max_timestamp() == std::numeric_limits<std::int64_t>::max());
}

BOOST_AUTO_TEST_CASE(window_start_with_offset_is_flinks_for_positive_and_negative_timestamps) {
  // remainder = (ts - offset) % size; remainder < 0 ? ts - (remainder + size) : ts - remainder
  BOOST_TEST(window_start_with_offset(0, 0, 5) == 0);
  BOOST_TEST(window_start_with_offset(4, 0, 5) == 0);
  BOOST_TEST(window_start_with_offset(5, 0, 5) == 5);
  BOOST_TEST(window_start_with_offset(7, 0, 5) == 5);
  BOOST_TEST(window_start_with_offset(-1, 0, 5) == -5);
  BOOST_TEST(window_start_with_offset(-5, 0, 5) == -5);
  BOOST_TEST(window_start_with_offset(-6, 0, 5) == -10);
  // offset 2: windows start at ..., -3, 2, 7, ...
  BOOST_TEST(window_start_with_offset(1, 2, 5) == -3);
  BOOST_TEST(window_start_with_offset(2, 2, 5) == 2);
  BOOST_TEST(window_start_with_offset(6, 2, 5) == 2);
  BOOST_TEST(window_start_with_offset(7, 2, 5) == 7);
  BOOST_TEST(window_start_with_offset(-4, 2, 5) == -8);
  // offset -2: windows start at ..., -7, -2, 3, ...
  BOOST_TEST(window_start_with_offset(2, -2, 5) == -2);
  BOOST_TEST(window_start_with_offset(3, -2, 5) == 3);
  BOOST_TEST(window_start_with_offset(-3, -2, 5) == -7);
  // Flink's docs: daily windows in UTC+8 use the offset -8 h; the epoch is in [-8 h, 16 h).
  BOOST_TEST(window_start_with_offset(0, -8 * hour, 24 * hour) == -8 * hour);
  BOOST_TEST(window_start_with_offset(16 * hour, -8 * hour, 24 * hour) == 16 * hour);
}

// -- tumbling -----------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(tumbling_windows_hold_each_timestamp_in_one_window_of_size_end_exclusive) {
  auto a = tumbling_event_time_windows::of(1000ms);
  static_assert(decltype(a)::is_event_time && !decltype(a)::is_merging);
  BOOST_TEST((windows_of(a, 0) == std::vector<time_window>{{0, 1000}}));
  BOOST_TEST((windows_of(a, 999) == std::vector<time_window>{{0, 1000}}));
  BOOST_TEST((windows_of(a, 1000) == std::vector<time_window>{{1000, 2000}}));
  BOOST_TEST((windows_of(a, -1) == std::vector<time_window>{{-1000, 0}}));
  BOOST_TEST((windows_of(a, -1000) == std::vector<time_window>{{-1000, 0}}));
  BOOST_TEST((windows_of(a, -1001) == std::vector<time_window>{{-2000, -1000}}));
}

BOOST_AUTO_TEST_CASE(tumbling_windows_with_an_offset_shift_their_starts) {
  // Flink's docs: hourly windows starting at 0:15 are of(1 h, 15 min).
  auto quarter_past = tumbling_event_time_windows::of(std::chrono::milliseconds{hour}, 15min);
  BOOST_TEST((windows_of(quarter_past, 10 * 60'000)
              == std::vector<time_window>{{-45 * 60'000, 15 * 60'000}}));
  BOOST_TEST((windows_of(quarter_past, 15 * 60'000)
              == std::vector<time_window>{{15 * 60'000, 75 * 60'000}}));
  // A negative offset: size 10, offset -3: windows start at -3, 7, 17, ...
  auto minus3 = tumbling_event_time_windows::of(10ms, -3ms);
  BOOST_TEST((windows_of(minus3, 6) == std::vector<time_window>{{-3, 7}}));
  BOOST_TEST((windows_of(minus3, 7) == std::vector<time_window>{{7, 17}}));
  BOOST_TEST((windows_of(minus3, -4) == std::vector<time_window>{{-13, -3}}));
  BOOST_TEST(minus3.size() == 10);
  BOOST_TEST(minus3.offset() == -3);
}

BOOST_AUTO_TEST_CASE(processing_time_assigners_file_by_the_clock_not_the_timestamp) {
  auto tumbling = tumbling_processing_time_windows::of(100ms);
  static_assert(!decltype(tumbling)::is_event_time);
  // No timestamp is fine: processing time is `now`.
  BOOST_TEST((windows_of(tumbling, no_timestamp, 250) == std::vector<time_window>{{200, 300}}));
  BOOST_TEST((windows_of(tumbling, 5, 250) == std::vector<time_window>{{200, 300}}));
  auto sliding = sliding_processing_time_windows::of(100ms, 50ms);
  BOOST_TEST((windows_of(sliding, no_timestamp, 120)
              == std::vector<time_window>{{100, 200}, {50, 150}}));
  auto session = processing_time_session_windows::with_gap(30ms);
  BOOST_TEST((windows_of(session, no_timestamp, 120) == std::vector<time_window>{{120, 150}}));
}

// -- sliding ------------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(sliding_windows_list_every_window_of_an_element_latest_start_first) {
  // lastStart = start_with_offset(ts, offset, slide); start > ts - size; start -= slide
  auto a = sliding_event_time_windows::of(10ms, 5ms);
  BOOST_TEST((windows_of(a, 12) == std::vector<time_window>{{10, 20}, {5, 15}}));
  BOOST_TEST((windows_of(a, 10) == std::vector<time_window>{{10, 20}, {5, 15}}));
  BOOST_TEST((windows_of(a, 9) == std::vector<time_window>{{5, 15}, {0, 10}}));
  BOOST_TEST((windows_of(a, -1) == std::vector<time_window>{{-5, 5}, {-10, 0}}));
  // size 10, slide 3: starts 6, 3, 0 for ts 7 (start > -3)
  auto b = sliding_event_time_windows::of(10ms, 3ms);
  BOOST_TEST((windows_of(b, 7) == std::vector<time_window>{{6, 16}, {3, 13}, {0, 10}}));
  // size 10, slide 4 (not a divisor): ts 9 -> starts 8, 4, 0
  auto c = sliding_event_time_windows::of(10ms, 4ms);
  BOOST_TEST((windows_of(c, 9) == std::vector<time_window>{{8, 18}, {4, 14}, {0, 10}}));
  // slide == size is tumbling
  auto d = sliding_event_time_windows::of(10ms, 10ms);
  BOOST_TEST((windows_of(d, 19) == std::vector<time_window>{{10, 20}}));
  // slide > size leaves gaps: size 5, slide 10; ts 7 is in no window, ts 12 in [10, 15)
  auto e = sliding_event_time_windows::of(5ms, 10ms);
  BOOST_TEST(windows_of(e, 7).empty());
  BOOST_TEST((windows_of(e, 12) == std::vector<time_window>{{10, 15}}));
}

BOOST_AUTO_TEST_CASE(sliding_windows_with_an_offset_shift_every_start) {
  // size 10, slide 3, offset 1: starts at 1 + 3k; ts 7 -> 7, 4, 1, -2 (> 7 - 10)
  auto a = sliding_event_time_windows::of(10ms, 3ms, 1ms);
  BOOST_TEST((windows_of(a, 7) == std::vector<time_window>{{7, 17}, {4, 14}, {1, 11}, {-2, 8}}));
  // offset -1: starts at -1 + 3k (2, 5, ...); ts 7 -> 5, 2, -1
  auto b = sliding_event_time_windows::of(10ms, 3ms, -1ms);
  BOOST_TEST((windows_of(b, 7) == std::vector<time_window>{{5, 15}, {2, 12}, {-1, 9}}));
}

// -- sessions -----------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(a_session_element_opens_a_window_of_its_gap) {
  auto a = event_time_session_windows::with_gap(10ms);
  static_assert(decltype(a)::is_merging && decltype(a)::is_event_time);
  BOOST_TEST((windows_of(a, 5) == std::vector<time_window>{{5, 15}}));
  BOOST_TEST((windows_of(a, -20) == std::vector<time_window>{{-20, -10}}));
}

BOOST_AUTO_TEST_CASE(touching_and_overlapping_session_windows_merge_disjoint_ones_do_not) {
  // touching: [0,10) and [10,20) merge into [0,20)
  BOOST_TEST((merges_of({{10, 20}, {0, 10}})
              == std::vector<merge_call>{{{0, 20}, {{0, 10}, {10, 20}}}}));
  // one ms apart: no merge at all (no callback)
  BOOST_TEST(merges_of({{0, 10}, {11, 21}}).empty());
  // a single window is no merge
  BOOST_TEST(merges_of({{0, 10}}).empty());
  // two separate runs, given out of order; [30,40) stays alone
  BOOST_TEST((merges_of({{30, 40}, {5, 15}, {60, 70}, {0, 10}, {65, 75}})
              == std::vector<merge_call>{{{0, 15}, {{0, 10}, {5, 15}}},
                                         {{60, 75}, {{60, 70}, {65, 75}}}}));
  // a chain: each overlaps the next, the first and last do not
  BOOST_TEST((merges_of({{0, 10}, {8, 18}, {16, 26}})
              == std::vector<merge_call>{{{0, 26}, {{0, 10}, {8, 18}, {16, 26}}}}));
  // a window inside another
  BOOST_TEST((merges_of({{0, 100}, {20, 30}})
              == std::vector<merge_call>{{{0, 100}, {{0, 100}, {20, 30}}}}));
}

BOOST_AUTO_TEST_CASE(a_dynamic_gap_comes_from_the_element) {
  auto a = event_time_session_windows::with_dynamic_gap(
    [](const int& gap_ms) { return std::chrono::milliseconds{gap_ms}; });
  BOOST_TEST((windows_of(a, 100, 0, 7) == std::vector<time_window>{{100, 107}}));
  BOOST_TEST((windows_of(a, 100, 0, 1) == std::vector<time_window>{{100, 101}}));
  // the gap function may also return an integer count of ms
  auto b = event_time_session_windows::with_dynamic_gap([](const int& v) { return 2 * v; });
  BOOST_TEST((windows_of(b, 0, 0, 4) == std::vector<time_window>{{0, 8}}));
  // Flink: "Dynamic gap must be positive" (a failure of the user's function)
  auto e = thrown_by([&] { (void) windows_of(a, 100, 0, 0); });
  BOOST_TEST(e.code() == errc::user_function_failed);
  BOOST_TEST(mentions(e, "gap"));
  auto n = thrown_by([&] { (void) windows_of(a, 100, 0, -5); });
  BOOST_TEST(mentions(n, "-5"));
}

// -- global -------------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(global_windows_put_everything_in_the_one_global_window) {
  auto a = global_windows::create();
  static_assert(!decltype(a)::is_event_time && !decltype(a)::is_merging);
  BOOST_TEST(windows_of(a, no_timestamp).size() == 1u);
  BOOST_TEST(windows_of(a, 123, 456).size() == 1u);
}

// -- arguments ----------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(sizes_slides_and_gaps_must_be_positive_naming_the_argument) {
  auto check = [](auto&& make, const std::string& word) {
    auto e = thrown_by(make);
    BOOST_TEST(e.code() == errc::invalid_configuration, word);
    BOOST_TEST(mentions(e, word), e.message() << " should mention '" << word << "'");
  };
  check([] { (void) tumbling_event_time_windows::of(0ms); }, "size");
  check([] { (void) tumbling_event_time_windows::of(-1ms); }, "size");
  check([] { (void) tumbling_processing_time_windows::of(0ms); }, "size");
  check([] { (void) sliding_event_time_windows::of(0ms, 5ms); }, "size");
  check([] { (void) sliding_event_time_windows::of(-10ms, 5ms); }, "size");
  check([] { (void) sliding_event_time_windows::of(10ms, 0ms); }, "slide");
  check([] { (void) sliding_processing_time_windows::of(10ms, -5ms); }, "slide");
  check([] { (void) event_time_session_windows::with_gap(0ms); }, "gap");
  check([] { (void) processing_time_session_windows::with_gap(-1ms); }, "gap");
  check([] { (void) count_trigger::of(0); }, "count");
  check([] { (void) count_evictor::of(0); }, "count");
  check([] { (void) continuous_event_time_trigger::of(0ms); }, "interval");
  check([] { (void) continuous_processing_time_trigger::of(-1ms); }, "interval");
  check([] { (void) time_evictor::of(-1ms); }, "size");
}

BOOST_AUTO_TEST_CASE(offsets_must_lie_strictly_within_the_size_or_slide) {
  // Flink: |offset| < size (tumbling), |offset| < slide (sliding)
  auto check = [](auto&& make) {
    auto e = thrown_by(make);
    BOOST_TEST(e.code() == errc::invalid_configuration);
    BOOST_TEST(mentions(e, "offset"), e.message());
  };
  check([] { (void) tumbling_event_time_windows::of(10ms, 10ms); });
  check([] { (void) tumbling_event_time_windows::of(10ms, -10ms); });
  check([] { (void) tumbling_processing_time_windows::of(10ms, 11ms); });
  check([] { (void) sliding_event_time_windows::of(10ms, 5ms, 5ms); });
  check([] { (void) sliding_event_time_windows::of(10ms, 5ms, -5ms); });
  // just inside is fine
  BOOST_CHECK_NO_THROW((void) tumbling_event_time_windows::of(10ms, 9ms));
  BOOST_CHECK_NO_THROW((void) tumbling_event_time_windows::of(10ms, -9ms));
  BOOST_CHECK_NO_THROW((void) sliding_event_time_windows::of(10ms, 5ms, -4ms));
}

BOOST_AUTO_TEST_CASE(event_time_assigners_refuse_a_record_without_timestamp) {
  // Flink: "Record has Long.MIN_VALUE timestamp (= no timestamp marker). Is the time
  // characteristic set to 'ProcessingTime', or did you forget to call
  // 'DataStream.assignTimestampsAndWatermarks(...)'?"
  auto check = [](const auto& assigner) {
    auto e = thrown_by([&] { (void) windows_of(assigner, no_timestamp, 1000); });
    BOOST_TEST(mentions(e, "assign_timestamps_and_watermarks"), e.message());
  };
  check(tumbling_event_time_windows::of(10ms));
  check(sliding_event_time_windows::of(10ms, 5ms));
  check(event_time_session_windows::with_gap(10ms));
}

// -- merging window set -------------------------------------------------------------------------

namespace {

/// A merging_window_set over a heap keyed backend with one key current.
struct merging_fixture {
  runtime_context ctx{"Window", 0, 1, 128, {0, 127}};
  flow::keyed_state_scope<std::string> scope{ctx};
  windowing_detail::merging_window_set<time_window> set;
  decltype(event_time_session_windows::with_gap(10ms)) sessions =
    event_time_session_windows::with_gap(10ms);

  struct call {
    time_window result;
    std::vector<time_window> merged;
    time_window state_window;
    std::vector<time_window> merged_state_windows;
    bool operator==(const call&) const = default;
  };
  std::vector<call> calls;

  merging_fixture() {
    ctx.bind_keyed_state(scope.binding());
    set.open(ctx); // creates the backend
    scope.set_current_key("k");
    set.load();
  }

  time_window add(time_window w) {
    return set.add_window(sessions, w,
                          [&](const time_window& result, const std::vector<time_window>& merged,
                              const time_window& state_window,
                              const std::vector<time_window>& merged_state_windows) {
                            calls.push_back({result, merged, state_window, merged_state_windows});
                          });
  }
};

} // namespace

BOOST_AUTO_TEST_CASE(a_window_that_merges_with_nothing_is_its_own_state_window) {
  merging_fixture f;
  BOOST_TEST((f.add({0, 10}) == time_window{0, 10}));
  BOOST_TEST((f.add({20, 30}) == time_window{20, 30}));
  BOOST_TEST(f.calls.empty());
  BOOST_TEST((f.set.state_window({0, 10}) == time_window{0, 10}));
  BOOST_TEST((f.set.state_window({20, 30}) == time_window{20, 30}));
  BOOST_TEST(!f.set.state_window({0, 30}).has_value());
}

BOOST_AUTO_TEST_CASE(a_window_that_extends_one_in_flight_keeps_that_state_window) {
  merging_fixture f;
  f.add({0, 10});
  // [5,15) merges with [0,10) into [0,15); the new window is not among the merged (Flink's
  // mergedWindows.remove(newWindow)); [0,10)'s state window keeps the contents.
  BOOST_TEST((f.add({5, 15}) == time_window{0, 15}));
  BOOST_REQUIRE_EQUAL(f.calls.size(), 1u);
  BOOST_TEST((f.calls[0] == merging_fixture::call{{0, 15}, {{0, 10}}, {0, 10}, {}}));
  BOOST_TEST((f.set.state_window({0, 15}) == time_window{0, 10}));
  BOOST_TEST(!f.set.state_window({0, 10}).has_value());
}

BOOST_AUTO_TEST_CASE(a_window_inside_one_in_flight_or_equal_to_it_merges_without_a_call) {
  merging_fixture f;
  f.add({0, 10});
  // Flink: "don't merge the new window itself ... if we are only merging one pre-existing
  // window into itself without extending the pre-existing window"
  BOOST_TEST((f.add({0, 10}) == time_window{0, 10}));
  BOOST_TEST((f.add({2, 8}) == time_window{0, 10}));
  BOOST_TEST(f.calls.empty());
  BOOST_TEST((f.set.state_window({0, 10}) == time_window{0, 10}));
}

BOOST_AUTO_TEST_CASE(a_window_bridging_two_sessions_merges_them_into_one_state_window) {
  merging_fixture f;
  f.add({0, 10});
  f.add({20, 30});
  // [10,20) touches both: one merge [0,30) of the two in flight; the first's state window
  // keeps everything, the second's is merged into it.
  BOOST_TEST((f.add({10, 20}) == time_window{0, 30}));
  BOOST_REQUIRE_EQUAL(f.calls.size(), 1u);
  BOOST_TEST((f.calls[0]
              == merging_fixture::call{{0, 30}, {{0, 10}, {20, 30}}, {0, 10}, {{20, 30}}}));
  BOOST_TEST((f.set.state_window({0, 30}) == time_window{0, 10}));
  BOOST_TEST(!f.set.state_window({20, 30}).has_value());
  // and a later extension keeps the original state window
  BOOST_TEST((f.add({35, 45}) == time_window{35, 45})); // 30 < 35: disjoint
  BOOST_TEST((f.add({28, 38}) == time_window{0, 45}));
  BOOST_TEST((f.set.state_window({0, 45}) == time_window{0, 10}));
}

BOOST_AUTO_TEST_CASE(the_window_set_survives_persist_and_load_and_retires_windows) {
  merging_fixture f;
  f.add({0, 10});
  f.add({5, 15});
  f.add({100, 110});
  f.set.persist();
  f.scope.set_current_key("other");
  f.set.load();
  BOOST_TEST(!f.set.state_window({0, 15}).has_value()); // another key has its own set
  f.scope.set_current_key("k");
  f.set.load();
  BOOST_TEST((f.set.state_window({0, 15}) == time_window{0, 10}));
  BOOST_TEST((f.set.state_window({100, 110}) == time_window{100, 110}));
  f.set.retire_window({0, 15});
  f.set.persist();
  f.set.load();
  BOOST_TEST(!f.set.state_window({0, 15}).has_value());
  BOOST_TEST((f.set.state_window({100, 110}) == time_window{100, 110}));
  // retiring a window not in flight is a bug of the caller
  auto e = thrown_by([&] { f.set.retire_window({0, 15}); });
  BOOST_TEST(e.code() == errc::internal);
}

BOOST_AUTO_TEST_SUITE_END()
