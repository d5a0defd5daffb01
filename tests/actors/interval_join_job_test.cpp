// The interval join of two keyed streams (Flink's KeyedStream.intervalJoin), end to end and as
// a plain operator:
//
//   left  ─► Timestamps/Watermarks ─hash(key)─┐
//                                             ├─► Interval Join (p 1..3) ─► Process ─► collect
//   right ─► Timestamps/Watermarks ─hash(key)─┘    (LEFT_BUFFER, RIGHT_BUFFER)  └─ side ─► collect
//
// Which pairs join depends on watermarks only through lateness and cleanup, and a job's two
// inputs interleave in no fixed order; so the cases that depend on order (late elements,
// cleanup, the buffers' sizes) drive flow::interval_join_operator by hand, batch by batch and
// watermark by watermark, on both backends, with Flink's rows written out. Jobs check the rest:
// hand-written rows for each kind of bound with only the final watermark (a frozen clock), and
// random out-of-order inputs with watermarks between the records, where no element is late
// (each instance's disorder stays inside its watermark bound) so the join is exactly the nested
// loop over both sides; the buffers the function sees meanwhile must stay far below the input.

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <atomic>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <tuple>
#include <utility>
#include <vector>

#include "weir/flow/operators/interval_join_operator.hpp"
#include "weir/test/temp_dir.hpp"
#include "weir/weir.hpp"

using namespace weir;
using namespace std::chrono_literals;

namespace {

using left_t = std::pair<int, int>;          // key, id
using right_t = std::pair<int, std::string>; // key, name
/// (left id, right name, left ts, right ts, timestamp the record carries downstream)
using row = std::tuple<int, std::string, long, long, long>;
using joined = std::tuple<int, std::string, long, long>;

const auto backends = {state_backend_kind::heap, state_backend_kind::rocksdb};

struct bounds {
  long lower;
  long upper;
  bool lower_exclusive = false;
  bool upper_exclusive = false;
};

// -- the operator by hand -------------------------------------------------------------------

struct left_key {
  int operator()(const left_t& l) const { return l.first; }
};
struct right_key {
  int operator()(const right_t& r) const { return r.first; }
};
struct join_fn {
  void operator()(const left_t& l, const right_t& r, process_join_context& ctx,
                  collector<joined>& out) {
    out.collect({l.second, r.second, ctx.left_timestamp().value(), ctx.right_timestamp().value()});
  }
};

using join_operator =
  flow::interval_join_operator<int, left_t, right_t, joined, left_key, right_key, join_fn>;

/// Keeps every record and timestamp it is pushed.
template <class T>
struct recording_input final : flow::input<T> {
  void push(flow::record_batch<T>& batch) override {
    records.insert(records.end(), batch.records.begin(), batch.records.end());
    timestamps.insert(timestamps.end(), batch.timestamps.begin(), batch.timestamps.end());
  }
  std::vector<T> records;
  std::vector<std::int64_t> timestamps;
};

/// One operator instance owning every key group, with its output recorded.
struct harness {
  test::temp_dir dir;
  std::unique_ptr<join_operator> op;
  recording_input<joined> out;

  harness(state_backend_kind backend, bounds b) {
    runtime_context ctx{"Interval Join", 0, 1, 128, flow::key_group_range{0, 127}};
    ctx.set_state_settings({backend, dir.path().string()});
    op = std::make_unique<join_operator>(
      ctx, left_key{}, right_key{}, join_fn{},
      flow::interval_join_bounds{b.lower, b.upper, !b.lower_exclusive, !b.upper_exclusive});
    op->connect_output(&out);
    op->run_open();
  }
  ~harness() { op->run_close(); }

  void left(int key, int id, std::int64_t ts) {
    flow::record_batch<left_t> batch{{{key, id}}, {ts}};
    static_cast<flow::input<left_t>*>(op->input_face(0))->push(batch);
  }
  void right(int key, std::string name, std::int64_t ts) {
    flow::record_batch<right_t> batch{{{key, std::move(name)}}, {ts}};
    static_cast<flow::input<right_t>*>(op->input_face(1))->push(batch);
  }
  void watermark(std::int64_t w) { op->run_process_watermark(event_time{w}); }

  /// What came out since the last call, as "left-id:right-name@timestamp", sorted.
  std::vector<std::string> take() {
    std::vector<std::string> rows;
    BOOST_REQUIRE(out.timestamps.size() == out.records.size());
    for (std::size_t i = 0; i < out.records.size(); ++i) {
      const auto& [l, r, lts, rts] = out.records[i];
      BOOST_TEST(out.timestamps[i] == std::max(lts, rts));
      rows.push_back(std::to_string(l) + ":" + r + "@" + std::to_string(out.timestamps[i]));
    }
    out.records.clear();
    out.timestamps.clear();
    std::sort(rows.begin(), rows.end());
    return rows;
  }
  std::pair<std::size_t, std::size_t> buffered(int key) { return op->buffered(key); }
};

using rows = std::vector<std::string>;
using sizes = std::pair<std::size_t, std::size_t>;

// -- jobs -----------------------------------------------------------------------------------

/// The rows of the hand-written cases: keys 1 and 2 have elements on both sides, key 3 only
/// on the right.
const std::vector<std::pair<left_t, long>> hand_left = {
  {{1, 1}, 10}, {{1, 2}, 20}, {{2, 3}, 10}};
const std::vector<std::pair<right_t, long>> hand_right = {
  {{1, "e"}, 19}, {{1, "a"}, 8},  {{2, "f"}, 11}, {{1, "c"}, 12},
  {{3, "g"}, 10}, {{1, "d"}, 13}, {{1, "b"}, 9},  {{2, "h"}, 10}};

/// The join as a class: reads its own left buffer (the operator's keyed state, declared with
/// the same name and type) to report how many timestamps it holds for the pair's key.
class join_with_buffer_size final : public process_join_function<left_t, right_t, row> {
public:
  void open(const runtime_context& ctx) override {
    buffer_ =
      &ctx.get_state(map_state_descriptor<std::int64_t, std::vector<left_t>>{"LEFT_BUFFER"});
  }
  void process_element(const left_t& l, const right_t& r, context& ctx,
                       collector<row>& out) override {
    out.collect({l.second, r.second, ctx.left_timestamp().value(), ctx.right_timestamp().value(),
                 static_cast<long>(buffer_->entries().size())});
  }

private:
  map_state<std::int64_t, std::vector<left_t>>* buffer_ = nullptr;
};

/// Keeps the last field (the join context's timestamp()) if the record carries that
/// timestamp downstream, else sets it to −1.
row stamp(row r, const process_context& ctx) {
  if (!ctx.timestamp() || ctx.timestamp()->value() != std::get<4>(r))
    std::get<4>(r) = -1;
  return r;
}

struct job_outcome {
  std::multiset<row> main;
  std::multiset<row> side;
};

/// `rows` (element, timestamp), from one source, as a stream keyed by the element's first
/// field with those timestamps (watermarks bounded by 100 ms: with a frozen clock only the
/// final one).
template <class T>
auto keyed_with_timestamps(environment& env, const std::vector<std::pair<T, long>>& rows) {
  return env.from_collection(rows)
    .assign_timestamps_and_watermarks(
      watermark_strategy<std::pair<T, long>>::for_bounded_out_of_orderness(100ms)
        .with_timestamp_assigner([](const std::pair<T, long>& x) { return x.second; }))
    .map([](const std::pair<T, long>& x) { return x.first; })
    .key_by([](const T& e) { return e.first; });
}

/// lefts.interval_join(rights) within `b`.
template <class L, class R>
auto within(L& lefts, const R& rights, bounds b) {
  auto joined = lefts.interval_join(rights).between(std::chrono::milliseconds{b.lower},
                                                    std::chrono::milliseconds{b.upper});
  if (b.lower_exclusive)
    joined.lower_bound_exclusive();
  if (b.upper_exclusive)
    joined.upper_bound_exclusive();
  return joined;
}

/// The hand-written rows joined at `parallelism` with only the final watermark (frozen
/// clock), by a lambda that also sends every pair to a side output.
job_outcome run_hand_written(bounds b, int parallelism, state_backend_kind backend) {
  test::temp_dir dir;
  environment env;
  env.set_parallelism(parallelism).set_batch_size(2);
  env.set_state_backend(backend).set_state_dir(dir.path().string());
  env.config().clock = std::make_shared<time::manual_clock>(0ms);
  auto lefts = keyed_with_timestamps(env, hand_left);
  auto rights = keyed_with_timestamps(env, hand_right);
  const output_tag<row> pairs{"pairs"};
  auto joined_stream = within(lefts, rights, b).process(
    [pairs](const left_t& l, const right_t& r,
            process_join_function<left_t, right_t, row>::context& ctx, collector<row>& out) {
      const row x{l.second, r.second, ctx.left_timestamp().value(),
                  ctx.right_timestamp().value(), ctx.timestamp().value()};
      out.collect(x);
      ctx.output(pairs, x);
    });
  auto main_out = joined_stream.process([](const row& r, process_context& ctx, collector<row>& o) {
    o.collect(stamp(r, ctx));
  }).collect();
  auto side = joined_stream.get_side_output(pairs)
                .process([](const row& r, process_context& ctx, collector<row>& o) {
                  o.collect(stamp(r, ctx));
                })
                .collect();
  auto result = env.execute("interval join");
  BOOST_REQUIRE_MESSAGE(result.ok(), result.err().to_string());
  return {{main_out.begin(), main_out.end()}, {side.begin(), side.end()}};
}

/// Random out-of-order inputs from one source instance: element 2 n is left element n, 2 n + 1
/// right element n, each at 2 n ms plus up to `jitter` ms, keys 0..4.
constexpr int random_count = 3000; // per side
constexpr long jitter = 15;
constexpr int random_keys = 5;

struct element {
  bool left = false;
  int id = 0;
  int key = 0;
  long ts = 0;
};

element random_element(std::uint64_t i) {
  std::mt19937_64 g(i * 7919 + 17);
  const auto n = static_cast<long>(i / 2);
  return {i % 2 == 0, static_cast<int>(n), static_cast<int>(g() % random_keys),
          2 * n + static_cast<long>(g() % (jitter + 1))};
}

struct random_outcome {
  std::multiset<joined> pairs;
  long largest_buffer = 0;
};

/// Both sides leave one source task in lockstep, so the join's event time trails neither by
/// more than the watermark interval: its buffers then hold the last few watermarks' elements.
random_outcome run_random(bounds b, int parallelism, state_backend_kind backend) {
  test::temp_dir dir;
  environment env;
  env.set_parallelism(parallelism).set_batch_size(16).set_auto_watermark_interval(1ms);
  env.set_state_backend(backend).set_state_dir(dir.path().string());
  // Watermark = largest timestamp − 20 − 1 ms: below every later element (disorder <= 15 ms),
  // so none is late, and the join is the nested loop.
  auto stamped =
    env.generate(2 * random_count,
                 [](std::uint64_t i) {
                   if (i % 100 == 0) // let periodic watermarks come between the records
                     std::this_thread::sleep_for(1ms);
                   return random_element(i);
                 })
      .set_parallelism(1)
      .assign_timestamps_and_watermarks(
        watermark_strategy<element>::for_bounded_out_of_orderness(20ms).with_timestamp_assigner(
          [](const element& e) { return e.ts; }))
      .set_parallelism(1);
  auto lefts = stamped.filter([](const element& e) { return e.left; })
                 .set_parallelism(1)
                 .map([](const element& e) { return left_t{e.key, e.id}; })
                 .set_parallelism(1)
                 .key_by([](const left_t& l) { return l.first; });
  auto rights = stamped.filter([](const element& e) { return !e.left; })
                  .set_parallelism(1)
                  .map([](const element& e) { return right_t{e.key, std::to_string(e.id)}; })
                  .set_parallelism(1)
                  .key_by([](const right_t& r) { return r.first; });
  auto out = within(lefts, rights, b).process(join_with_buffer_size{}).collect();
  auto result = env.execute("interval join, random");
  BOOST_REQUIRE_MESSAGE(result.ok(), result.err().to_string());
  random_outcome got;
  for (const auto& [l, r, lts, rts, buffer] : out.values()) {
    got.pairs.emplace(l, r, lts, rts);
    got.largest_buffer = std::max(got.largest_buffer, buffer);
  }
  return got;
}

/// The plain loop: every (left, right) of one key with right.ts − left.ts within the bounds.
std::multiset<joined> nested_loop(bounds b) {
  std::vector<element> lefts;
  std::vector<element> rights;
  for (std::uint64_t i = 0; i < 2 * random_count; ++i) {
    auto e = random_element(i);
    (e.left ? lefts : rights).push_back(e);
  }
  std::multiset<joined> out;
  for (const auto& l : lefts)
    for (const auto& r : rights) {
      const long d = r.ts - l.ts;
      const bool above = b.lower_exclusive ? d > b.lower : d >= b.lower;
      const bool below = b.upper_exclusive ? d < b.upper : d <= b.upper;
      if (l.key == r.key && above && below)
        out.emplace(l.id, std::to_string(r.id), l.ts, r.ts);
    }
  return out;
}

} // namespace

BOOST_AUTO_TEST_SUITE(interval_join_job_test)

// -- the operator, Flink's rows ---------------------------------------------------------------

BOOST_AUTO_TEST_CASE(joins_pairs_within_inclusive_bounds_in_either_arrival_order) {
  for (auto backend : backends) {
    harness h{backend, {-2, 3}};
    h.left(1, 1, 10);
    h.right(1, "a", 7);  // 10 − 3: below
    h.right(1, "b", 8);  // 10 − 2: the lower bound
    h.right(1, "c", 13); // 10 + 3: the upper bound
    h.right(1, "d", 14); // above
    h.right(2, "e", 10); // another key
    BOOST_TEST(h.take() == (rows{"1:b@10", "1:c@13"}), "backend " << int(backend));
    // The right side first: left 2 at 11 finds b (−3) no, c (+2) yes, d (+3) yes, a (−4) no.
    h.left(1, 2, 11);
    BOOST_TEST(h.take() == (rows{"2:c@13", "2:d@14"}));
    h.left(2, 3, 12); // e at −2
    BOOST_TEST(h.take() == (rows{"3:e@12"}));
    BOOST_TEST((h.buffered(1) == sizes{2, 4}));
  }
}

BOOST_AUTO_TEST_CASE(exclusive_bounds_leave_out_pairs_exactly_on_them) {
  for (auto backend : backends) {
    for (auto [lower_ex, upper_ex, want] :
         {std::tuple{true, false, rows{"1:c@12", "1:d@13"}},
          std::tuple{false, true, rows{"1:b@10", "1:c@12"}},
          std::tuple{true, true, rows{"1:c@12"}}}) {
      harness h{backend, {-2, 3, lower_ex, upper_ex}};
      h.right(1, "a", 7);
      h.right(1, "b", 8);
      h.right(1, "c", 12);
      h.right(1, "d", 13);
      h.right(1, "e", 14);
      h.left(1, 1, 10);
      BOOST_TEST(h.take() == want, "backend " << int(backend) << " lower exclusive "
                                              << lower_ex << " upper exclusive " << upper_ex);
    }
  }
}

BOOST_AUTO_TEST_CASE(a_negative_interval_joins_right_elements_before_the_left_one) {
  for (auto backend : backends) {
    harness h{backend, {-5, -1}};
    h.left(1, 1, 100);
    h.right(1, "a", 94);  // −6
    h.right(1, "b", 95);  // −5
    h.right(1, "c", 99);  // −1
    h.right(1, "d", 100); // 0
    BOOST_TEST(h.take() == (rows{"1:b@100", "1:c@100"}), "backend " << int(backend));
  }
}

BOOST_AUTO_TEST_CASE(drops_elements_older_than_the_watermark) {
  for (auto backend : backends) {
    harness h{backend, {0, 0}};
    h.watermark(100);
    h.left(1, 1, 99);   // late: dropped, not buffered
    h.right(1, "a", 99); // late too, though it would pair with the left one
    h.left(1, 2, 100);  // at the watermark: not late
    h.right(1, "b", 100);
    BOOST_TEST(h.take() == (rows{"2:b@100"}), "backend " << int(backend));
    BOOST_TEST(h.op->late_records_dropped() == 2u);
    BOOST_TEST((h.buffered(1) == sizes{1, 1}));
  }
}

BOOST_AUTO_TEST_CASE(cleanup_timers_empty_the_buffers_once_nothing_can_join_any_more) {
  for (auto backend : backends) {
    // Flink's rule, bounds [−2, 3]: a left element at 10 goes at 10 + 3 = 13, a right element
    // at 10 at 10 − (−2) = 12.
    harness h{backend, {-2, 3}};
    h.left(1, 1, 10);
    h.right(1, "a", 10);
    BOOST_TEST(h.take() == (rows{"1:a@10"}));
    BOOST_TEST((h.op->cleanup_timers() == sizes{1, 1}));
    h.watermark(11);
    BOOST_TEST((h.buffered(1) == sizes{1, 1}), "backend " << int(backend));
    h.watermark(12);
    BOOST_TEST((h.buffered(1) == sizes{1, 0}));
    h.watermark(13);
    BOOST_TEST((h.buffered(1) == sizes{0, 0}));
    BOOST_TEST((h.op->cleanup_timers() == sizes{0, 0}));
    // At the watermark, so not late, and 13 − 10 = 3 is within the bounds: but the left
    // element was cleaned up, so no pair (Flink's behaviour). A left element at 15 still finds
    // this one (its cleanup is at 15).
    h.right(1, "b", 13);
    BOOST_TEST(h.take().empty());
    h.left(1, 2, 15);
    BOOST_TEST(h.take() == (rows{"2:b@15"}));
    h.watermark(event_time_max.value());
    BOOST_TEST((h.buffered(1) == sizes{0, 0}));
  }
}

BOOST_AUTO_TEST_CASE(cleanup_of_a_bound_on_one_side_of_zero_happens_at_the_elements_own_time) {
  for (auto backend : backends) {
    // [1, 4]: left at ts + 4, right at its own ts (lower > 0); [−4, −1]: left at its own ts,
    // right at ts + 4.
    harness after{backend, {1, 4}};
    after.left(1, 1, 10);
    after.right(1, "a", 10);
    after.watermark(10);
    BOOST_TEST((after.buffered(1) == sizes{1, 0}), "backend " << int(backend));
    after.watermark(13);
    BOOST_TEST((after.buffered(1) == sizes{1, 0}));
    after.right(1, "b", 14);
    BOOST_TEST(after.take() == (rows{"1:b@14"}));
    after.watermark(14);
    BOOST_TEST((after.buffered(1) == sizes{0, 0}));

    harness before{backend, {-4, -1}};
    before.left(1, 1, 10);
    before.right(1, "a", 10);
    before.watermark(10);
    BOOST_TEST((before.buffered(1) == sizes{0, 1}));
    before.left(1, 2, 13); // 10 − 13 = −3: joins
    BOOST_TEST(before.take() == (rows{"2:a@13"}));
    before.watermark(14);
    BOOST_TEST((before.buffered(1) == sizes{0, 0}));
  }
}

BOOST_AUTO_TEST_CASE(a_long_stream_keeps_its_buffers_bounded) {
  for (auto backend : backends) {
    harness h{backend, {-3, 3}};
    std::size_t largest = 0;
    std::size_t pairs = 0;
    for (int i = 0; i < 2000; ++i) {
      h.left(i % 2, i, i);
      h.right(i % 2, std::to_string(i), i);
      h.watermark(i);
      pairs += h.take().size();
      auto [l, r] = h.buffered(i % 2);
      largest = std::max(largest, l + r);
    }
    // Per key every other ms: left and right elements of the last 3 ms stay (2 each).
    BOOST_TEST(largest <= 4u, "backend " << int(backend));
    // Per left element at i: the rights of its key at i − 2, i and i + 2.
    BOOST_TEST(pairs == 3u * 2000u - 4u);
  }
}

BOOST_AUTO_TEST_CASE(a_record_without_a_timestamp_fails_naming_the_fix) {
  harness h{state_backend_kind::heap, {0, 1}};
  flow::record_batch<left_t> batch{{{1, 1}}};
  try {
    static_cast<flow::input<left_t>*>(h.op->input_face(0))->push(batch);
    BOOST_FAIL("no failure");
  } catch (const flow::operator_failure& e) {
    BOOST_TEST(e.err().code() == errc::invalid_plan);
    BOOST_TEST(std::string(e.what()).find("assign_timestamps_and_watermarks") != std::string::npos,
               e.what());
  }
}

// -- jobs -----------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(jobs_join_the_hand_written_rows_for_every_kind_of_bound) {
  // right.ts − left.ts must lie in the interval; the record carries the larger timestamp.
  const std::vector<std::pair<bounds, std::multiset<row>>> cases = {
    {{-1, 2}, {{1, "b", 10, 9, 10}, {1, "c", 10, 12, 12}, {2, "e", 20, 19, 20},
               {3, "f", 10, 11, 11}, {3, "h", 10, 10, 10}}},
    {{-1, 2, true, false}, {{1, "c", 10, 12, 12}, {3, "f", 10, 11, 11}, {3, "h", 10, 10, 10}}},
    {{-1, 2, false, true},
     {{1, "b", 10, 9, 10}, {2, "e", 20, 19, 20}, {3, "f", 10, 11, 11}, {3, "h", 10, 10, 10}}},
    {{-1, 2, true, true}, {{3, "f", 10, 11, 11}, {3, "h", 10, 10, 10}}},
    {{-3, -1}, {{1, "a", 10, 8, 10}, {1, "b", 10, 9, 10}, {2, "e", 20, 19, 20}}},
    {{0, 0}, {{3, "h", 10, 10, 10}}},
  };
  for (auto backend : backends)
    for (int p = 1; p <= 3; ++p)
      for (const auto& [b, want] : cases) {
        auto got = run_hand_written(b, p, backend);
        BOOST_TEST((got.main == want), "parallelism " << p << ", backend " << int(backend)
                                                      << ", bounds " << b.lower << ".."
                                                      << b.upper << ": " << got.main.size()
                                                      << " rows");
        BOOST_TEST((got.side == want), "side output, parallelism " << p);
      }
}

BOOST_AUTO_TEST_CASE(random_out_of_order_inputs_join_as_a_nested_loop_with_bounded_buffers) {
  const std::vector<bounds> cases = {{-7, 5}, {-12, 0, true, false}, {2, 15, false, true},
                                     {-20, -8}};
  int run = 0;
  for (auto backend : backends)
    for (int p = 1; p <= 3; ++p) {
      const auto& b = cases[run++ % cases.size()];
      const auto want = nested_loop(b);
      BOOST_REQUIRE(want.size() > 1000u);
      auto got = run_random(b, p, backend);
      BOOST_TEST((got.pairs == want), "parallelism " << p << ", backend " << int(backend)
                                                     << ", bounds " << b.lower << ".."
                                                     << b.upper << ": " << got.pairs.size()
                                                     << " of " << want.size() << " pairs");
      // A key has ~600 left elements at ~600 timestamps; cleanup keeps those of the last few
      // watermarks only (without it the last pairs would see them all).
      BOOST_TEST(got.largest_buffer < 300, "largest left buffer " << got.largest_buffer);
      BOOST_TEST_MESSAGE("parallelism " << p << ", backend " << int(backend)
                                        << ": largest left buffer " << got.largest_buffer
                                        << " timestamps");
    }
}

BOOST_AUTO_TEST_CASE(lower_bound_above_upper_bound_is_an_invalid_plan_naming_both) {
  environment env;
  auto a = env.from_elements({left_t{1, 1}}).key_by([](const left_t& l) { return l.first; });
  auto b = env.from_elements({right_t{1, "x"}}).key_by([](const right_t& r) { return r.first; });
  try {
    (void) a.interval_join(b).between(5ms, 2ms);
    BOOST_FAIL("no error");
  } catch (const weir_exception& e) {
    BOOST_TEST(e.err().code() == errc::invalid_plan);
    BOOST_TEST(e.err().message().find("lower 5 ms") != std::string::npos, e.err().message());
    BOOST_TEST(e.err().message().find("upper 2 ms") != std::string::npos, e.err().message());
  }
}

BOOST_AUTO_TEST_CASE(a_job_whose_inputs_have_no_timestamps_fails_naming_the_fix) {
  environment env;
  auto a = env.from_elements({left_t{1, 1}}).key_by([](const left_t& l) { return l.first; });
  auto b = env.from_elements({right_t{1, "x"}}).key_by([](const right_t& r) { return r.first; });
  (void) a.interval_join(b).between(-1ms, 1ms).process(join_with_buffer_size{}).collect();
  auto result = env.execute("no timestamps");
  BOOST_REQUIRE(!result.ok());
  BOOST_TEST(result.err().code() == errc::invalid_plan);
  BOOST_TEST(result.err().message().find("assign_timestamps_and_watermarks") != std::string::npos,
             result.err().message());
  BOOST_TEST(result.err().message().find("Interval Join") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
