// Window join and co-group of two streams: every pair with equal keys in one window (an inner
// join per window, Flink's JoinedStreams), and both sides' groups per key and window
// (CoGroupedStreams), at parallelism 1..3 on heap and RocksDB.

#include <boost/test/unit_test.hpp>

#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "weir/weir.hpp"

using namespace weir;
using namespace std::chrono_literals;

namespace {

using order = std::pair<int, long>;    // customer, ts
using payment = std::pair<int, long>;  // customer, ts

std::vector<order> orders() {
  return {{1, 5}, {1, 7}, {2, 8}, {3, 12}, {1, 15}, {2, 31}};
}
std::vector<payment> payments() {
  return {{1, 2}, {2, 9}, {2, 3}, {1, 14}, {4, 16}, {2, 35}, {2, 38}};
}

template <class T>
data_stream<T> stamped(environment& env, std::vector<T> v) {
  return env.from_collection(std::move(v))
    .assign_timestamps_and_watermarks(
      watermark_strategy<T>::for_bounded_out_of_orderness(100ms).with_timestamp_assigner(
        [](const T& x) { return x.second; }));
}

} // namespace

BOOST_AUTO_TEST_SUITE(window_join_test)

BOOST_AUTO_TEST_CASE(join_pairs_equal_keys_of_one_window) {
  // Tumbling 10 ms windows. [0,10): orders (1,5) (1,7) (2,8), payments (1,2) (2,9) (2,3)
  //   -> 1: (5,2) (7,2); 2: (8,9) (8,3).
  // [10,20): orders (3,12) (1,15), payments (1,14) (4,16) -> 1: (15,14).
  // [30,40): orders (2,31), payments (2,35) (2,38) -> 2: (31,35) (31,38).
  using out_t = std::tuple<int, long, long>;
  std::multiset<out_t> expected{{1, 5, 2},   {1, 7, 2},   {2, 8, 9},   {2, 8, 3},
                                {1, 15, 14}, {2, 31, 35}, {2, 31, 38}};
  for (auto backend : {state_backend_kind::heap, state_backend_kind::rocksdb})
    for (int p = 1; p <= 3; ++p) {
      environment env;
      env.set_parallelism(p).set_state_backend(backend);
      auto joined = stamped(env, orders())
                      .join(stamped(env, payments()))
                      .where([](const order& o) { return o.first; })
                      .equal_to([](const payment& x) { return x.first; })
                      .window(tumbling_event_time_windows::of(10ms))
                      .apply([](const order& o, const payment& x) {
                        return out_t{o.first, o.second, x.second};
                      })
                      .collect();
      auto result = env.execute();
      BOOST_REQUIRE_MESSAGE(result.ok(), result.err().to_string());
      std::multiset<out_t> got(joined.values().begin(), joined.values().end());
      BOOST_TEST((got == expected), "parallelism " << p);
    }
}

BOOST_AUTO_TEST_CASE(co_group_sees_both_sides_even_when_one_is_empty) {
  // Per key and window: (key, window end, #orders, #payments).
  using out_t = std::tuple<int, long, long, long>;
  std::multiset<out_t> expected{{1, 10, 2, 1}, {2, 10, 1, 2}, {3, 20, 1, 0},
                                {1, 20, 1, 1}, {4, 20, 0, 1}, {2, 40, 1, 2}};
  environment env;
  env.set_parallelism(2);
  auto grouped =
    stamped(env, orders())
      .co_group(stamped(env, payments()))
      .where([](const order& o) { return o.first; })
      .equal_to([](const payment& x) { return x.first; })
      .window(tumbling_event_time_windows::of(10ms))
      .apply([](const std::vector<order>& os, const std::vector<payment>& ps,
                collector<out_t>& out) {
        int key = os.empty() ? ps.front().first : os.front().first;
        long ts = os.empty() ? ps.front().second : os.front().second;
        out.collect({key, window_start_with_offset(ts, 0, 10) + 10, long(os.size()),
                     long(ps.size())});
      })
      .collect();
  auto result = env.execute();
  BOOST_REQUIRE_MESSAGE(result.ok(), result.err().to_string());
  std::multiset<out_t> got(grouped.values().begin(), grouped.values().end());
  BOOST_TEST((got == expected));
}

BOOST_AUTO_TEST_CASE(a_join_takes_the_window_options) {
  // allowed_lateness and trigger pass through to the join's window (the same 7 pairs as with
  // the defaults); an evictor on a co-group keeps one element per key and window.
  using out_t = std::pair<long, long>;
  environment env;
  env.set_parallelism(1);
  auto joined = stamped(env, orders())
                  .join(stamped(env, payments()))
                  .where([](const order& o) { return o.first; })
                  .equal_to([](const payment& x) { return x.first; })
                  .window(tumbling_event_time_windows::of(10ms))
                  .allowed_lateness(0ms)
                  .trigger(event_time_trigger::create())
                  .apply([](const order& o, const payment& x) { return out_t{o.second, x.second}; })
                  .collect();
  auto grouped = stamped(env, orders())
                   .co_group(stamped(env, payments()))
                   .where([](const order& o) { return o.first; })
                   .equal_to([](const payment& x) { return x.first; })
                   .window(tumbling_event_time_windows::of(10ms))
                   .evictor(count_evictor::of(1))
                   .apply([](const std::vector<order>& os, const std::vector<payment>& ps,
                             collector<long>& out) { out.collect(long(os.size() + ps.size())); })
                   .collect();
  auto result = env.execute();
  BOOST_REQUIRE_MESSAGE(result.ok(), result.err().to_string());
  BOOST_TEST(joined.values().size() == 7u); // as with the default trigger
  // The count evictor keeps one element per key and window: 6 groups of 1.
  BOOST_TEST((grouped.values() == std::vector<long>(6, 1)));
}

BOOST_AUTO_TEST_SUITE_END()
