// Window operators end to end at parallelism 1 with punctuated watermarks, against rows
// written by hand from Flink's documented semantics.

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <map>
#include <set>
#include <tuple>
#include <vector>

#include "window_support.hpp"

using namespace weir;
using namespace weir::test;
using namespace std::chrono_literals;

namespace {

using row = std::tuple<std::string, std::int64_t, std::int64_t, double>; // key, start, end, value

struct sum_window {
  void operator()(const std::string& key, window_context<time_window>& ctx,
                  const std::vector<event>& all, collector<row>& out) const {
    double s = 0;
    for (const auto& e : all)
      s += e.value;
    out.collect({key, ctx.window().start, ctx.window().end, s});
  }
};

environment test_env(state_backend_kind backend = state_backend_kind::heap) {
  environment env;
  env.set_parallelism(1).set_batch_size(4).set_state_backend(backend);
  return env;
}

} // namespace

BOOST_AUTO_TEST_SUITE(window_job_test)

BOOST_AUTO_TEST_CASE(tumbling_event_time_windows_fire_once_when_the_watermark_passes) {
  for (auto backend : {state_backend_kind::heap, state_backend_kind::rocksdb}) {
    auto env = test_env(backend);
    auto out = keyed_events(env, {{"a", 1, 1}, {"a", 999, 2}, {"b", 500, 10}, {"a", 1000, 4},
                                  {"a", 2500, 8}})
                 .window(tumbling_event_time_windows::of(1000ms))
                 .process(sum_window{})
                 .collect();
    auto result = env.execute();
    BOOST_REQUIRE_MESSAGE(result.ok(), result.err().to_string());
    std::vector<row> expected{{"a", 0, 1000, 3.0}, {"b", 0, 1000, 10.0}, {"a", 1000, 2000, 4.0},
                              {"a", 2000, 3000, 8.0}};
    std::multiset<row> got(out.values().begin(), out.values().end());
    BOOST_TEST((got == std::multiset<row>(expected.begin(), expected.end())));
  }
}

BOOST_AUTO_TEST_CASE(reduce_and_aggregate_with_late_side_output) {
  auto env = test_env();
  output_tag<event> late("late");
  // bound 0: after {a, 1500} the watermark is 1499, so window [0,1000) has fired and {a, 10}
  // is late.
  auto windows = keyed_events(env, {{"a", 1, 1}, {"a", 2, 2}, {"a", 1500, 4}, {"a", 10, 100}})
                   .window(tumbling_event_time_windows::of(1000ms))
                   .side_output_late_data(late);
  auto reduced = windows.reduce([](const event& x, const event& y) {
    return event{x.key, std::max(x.ts, y.ts), x.value + y.value};
  });
  auto sums = reduced.collect();
  auto late_out = reduced.get_side_output(late).collect();
  auto result = env.execute();
  BOOST_REQUIRE_MESSAGE(result.ok(), result.err().to_string());
  std::vector<event> expected{{"a", 2, 3}, {"a", 1500, 4}};
  BOOST_TEST((sums.values() == expected));
  BOOST_TEST((late_out.values() == std::vector<event>{{"a", 10, 100}}));
}


// RocksDB keeps the values of incremental windows on the heap up to window_cache_entries,
// moving the oldest windows to RocksDB beyond it: results are the same whatever the bound
// (0: every element reads and writes RocksDB), and the same as on the heap.
BOOST_AUTO_TEST_CASE(rocksdb_windows_give_the_same_results_whatever_the_cache_bound) {
  // 6 keys x 40 windows of 10 ms, out of order within 200 ms (the bound), so ~20 windows per
  // key wait for the watermark at a time; a late element lands in a window moved to RocksDB.
  std::vector<event> events;
  std::uint64_t x = 12345;
  for (int i = 0; i < 2400; ++i) {
    x = x * 6364136223846793005ULL + 1442695040888963407ULL;
    std::int64_t ts = i / 6 + static_cast<std::int64_t>((x >> 33) % 150);
    events.push_back({std::string(1, char('a' + i % 6)), ts, double((x >> 40) % 100)});
  }
  auto run = [&](state_backend_kind backend, std::size_t cache) {
    auto env = test_env(backend);
    env.set_window_cache_entries(cache);
    auto out = keyed_events(env, events, 200)
                 .window(tumbling_event_time_windows::of(10ms))
                 .allowed_lateness(1000ms)
                 .reduce([](const event& a, const event& b) {
                   return event{a.key, std::max(a.ts, b.ts), a.value + b.value};
                 })
                 .collect();
    auto result = env.execute();
    BOOST_REQUIRE_MESSAGE(result.ok(), result.err().to_string());
    std::vector<std::tuple<std::string, std::int64_t, double>> rows;
    for (const auto& e : out.values())
      rows.emplace_back(e.key, e.ts / 10, e.value);
    std::sort(rows.begin(), rows.end());
    return rows;
  };
  // The oracle: per key and window, the sum of values; each window fires once at the end of
  // its time (nothing is late within the bound).
  std::map<std::pair<std::string, std::int64_t>, double> sums;
  for (const auto& e : events)
    sums[{e.key, e.ts / 10}] += e.value;
  auto heap = run(state_backend_kind::heap, 0);
  BOOST_TEST(heap.size() == sums.size());
  for (const auto& [k, w, v] : heap)
    BOOST_TEST(v == (sums[{k, w}]), k << " window " << w);
  for (std::size_t cache : {std::size_t{0}, std::size_t{1}, std::size_t{7}, std::size_t{100000}})
    BOOST_TEST((run(state_backend_kind::rocksdb, cache) == heap), "cache " << cache);
}

// Timestamps and watermarks cross a broadcast partition (each of 2 instances gets every
// record and every watermark) and a map into a keyed window: every window holds each record
// twice, stamped (an event-time window refuses records without timestamps), and fires. (Which
// element is late behind a broadcast depends on how far the other instance got: not tested.)
BOOST_AUTO_TEST_CASE(watermarks_cross_a_broadcast_into_a_window) {
  for (auto backend : {state_backend_kind::heap, state_backend_kind::rocksdb}) {
    auto env = test_env(backend);
    env.set_parallelism(2);
    output_tag<event> late("late");
    std::vector<event> events;
    for (int i = 0; i < 40; ++i)
      events.push_back({std::string(1, char('a' + i % 3)), i * 10, 1});
    auto windows = env.from_collection(events)
                     .assign_timestamps_and_watermarks(punctuated(0))
                     .broadcast()
                     .map([](const event& e) { return e; })
                     .key_by([](const event& e) { return e.key; })
                     .window(tumbling_event_time_windows::of(100ms))
                     .side_output_late_data(late)
                     .reduce([](const event& x, const event& y) {
                       return event{x.key, std::max(x.ts, y.ts), x.value + y.value};
                     });
    auto out = windows.collect();
    auto late_out = windows.get_side_output(late).collect();
    auto result = env.execute();
    BOOST_REQUIRE_MESSAGE(result.ok(), result.err().to_string());
    // 4 windows x 3 keys, each record counted by both broadcast instances.
    std::map<std::pair<std::string, std::int64_t>, double> expected;
    for (int i = 0; i < 40; ++i)
      expected[{std::string(1, char('a' + i % 3)), (i * 10) / 100}] += 2;
    std::map<std::pair<std::string, std::int64_t>, double> got;
    for (const auto& e : out.values())
      got[{e.key, e.ts / 100}] += e.value;
    BOOST_TEST((got == expected));
    BOOST_TEST(late_out.values().empty()); // in order: nothing is late
  }
}

BOOST_AUTO_TEST_CASE(a_cache_bound_out_of_range_names_the_setting) {
  auto env = test_env();
  env.set_window_cache_entries((std::size_t{1} << 30) + 1);
  (void) keyed_events(env, {{"a", 1, 1}})
    .window(tumbling_event_time_windows::of(10ms))
    .reduce([](const event& a, const event&) { return a; })
    .collect();
  auto result = env.execute();
  BOOST_TEST((result.err().code() == errc::invalid_configuration));
  BOOST_TEST(result.err().message().find("set_window_cache_entries") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
