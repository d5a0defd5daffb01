// Window operators end to end at parallelism 1 with punctuated watermarks, against rows
// written by hand from Flink's documented semantics.

#include <boost/test/unit_test.hpp>

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

BOOST_AUTO_TEST_SUITE_END()
