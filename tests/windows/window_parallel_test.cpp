// Windows at parallelism 1..4 on both backends against oracles written here as plain loops,
// over random out-of-order inputs whose disorder stays within the watermark bound (so nothing
// is late and the result does not depend on when periodic watermarks come):
//
//   generate(P) ─► bounded-out-of-orderness watermarks ─┬─────────────────hash(key)─► Window ─► collect
//                                                        ├─ rebalance ─► map(P) ─┘
//   two sources, each with watermarks ─► union / connect+co_map ─┘
//
// and an idle input (with_idleness) that does not hold the windows back.

#include <boost/test/unit_test.hpp>

#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "window_support.hpp"

using namespace weir;
using namespace weir::test;
using namespace std::chrono_literals;

namespace {

constexpr std::int64_t bound = 40;
constexpr std::uint64_t event_count = 3000;

/// Event i: key k0..k6, timestamp 2 i + [0, bound] (out of order by up to `bound`, but never
/// below a watermark: max earlier timestamp - bound - 1 <= 2 (i - 1) - 1 < 2 i), value 0..9.
std::vector<event> random_events(std::uint32_t seed) {
  std::mt19937 gen(seed);
  std::uniform_int_distribution<int> key(0, 6), jitter(0, static_cast<int>(bound)), value(0, 9);
  std::vector<event> out;
  for (std::uint64_t i = 0; i < event_count; ++i)
    out.push_back(event{"k" + std::to_string(key(gen)), static_cast<std::int64_t>(2 * i) + jitter(gen),
                        static_cast<double>(value(gen))});
  return out;
}

watermark_strategy<event> bounded() {
  return watermark_strategy<event>::for_bounded_out_of_orderness(std::chrono::milliseconds{bound})
    .with_timestamp_assigner([](const event& e) { return e.ts; });
}

/// sum and count per window
struct sum_count {
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
  acc get_result(const acc& a) const { return a; }
  acc merge(acc a, acc b) const { return {a.sum + b.sum, a.count + b.count}; }
};

std::string row_of(const std::string& key, const time_window& w, double sum, std::int64_t count) {
  return key + " " + show_window(w) + " sum=" + show_value(sum) + " n=" + std::to_string(count)
         + " @" + std::to_string(w.max_timestamp());
}

struct show_sum_count {
  void operator()(const std::string& key, window_context<time_window>& ctx,
                  const std::vector<sum_count::acc>& one, collector<std::string>& out) const {
    out.collect(key + " " + show_window(ctx.window()) + " sum=" + show_value(one.front().sum)
                + " n=" + std::to_string(one.front().count));
  }
};

/// The oracle: every (key, window) of the events' windows (size, slide), its sum and count.
rows oracle(const std::vector<event>& events, std::int64_t size, std::int64_t slide) {
  std::map<std::pair<std::string, std::int64_t>, std::pair<double, std::int64_t>> acc;
  for (const auto& e : events) {
    std::int64_t last = e.ts - ((e.ts % slide) + slide) % slide;
    for (std::int64_t start = last; start > e.ts - size; start -= slide) {
      auto& [sum, count] = acc[{e.key, start}];
      sum += e.value;
      ++count;
    }
  }
  rows out;
  for (const auto& [k, v] : acc)
    out.push_back(row_of(k.first, time_window{k.second, k.second + size}, v.first, v.second));
  std::sort(out.begin(), out.end());
  return out;
}

environment parallel_env(int p, state_backend_kind backend, const temp_dir& dir) {
  environment env;
  env.set_parallelism(p).set_batch_size(64).set_auto_watermark_interval(1ms);
  env.set_state_backend(backend).set_state_dir(dir.path().string());
  return env;
}

template <class Build>
rows run(int p, state_backend_kind backend, Build&& build) {
  temp_dir dir;
  auto env = parallel_env(p, backend, dir);
  auto out = stamped(build(env)).collect();
  auto result = env.execute("windows in parallel");
  BOOST_REQUIRE_MESSAGE(result.ok(), result.err().to_string());
  auto got = out.values();
  std::sort(got.begin(), got.end());
  return got;
}

auto keyed(data_stream<event> s) {
  return s.key_by([](const event& e) { return e.key; });
}

} // namespace

template <>
struct weir::codec<sum_count::acc> {
  static void encode(byte_writer& out, const sum_count::acc& a) {
    out.write(a.sum);
    out.write(a.count);
  }
  static void decode(byte_reader& in, sum_count::acc& a) { in.read(a.sum) && in.read(a.count); }
};

BOOST_AUTO_TEST_SUITE(window_parallel_test)

BOOST_AUTO_TEST_CASE(keyed_tumbling_and_sliding_aggregates_match_the_oracle_at_any_parallelism) {
  const auto events = random_events(11);
  const auto tumbling = oracle(events, 100, 100);
  const auto sliding = oracle(events, 100, 30);
  for (auto backend : backends)
    for (int p = 1; p <= 4; ++p) {
      BOOST_TEST_CONTEXT("parallelism " << p << ", backend " << backend_name(backend)) {
        auto got = run(p, backend, [&](environment& env) {
          return keyed(env.generate(events.size(), [&](std::uint64_t i) { return events[i]; })
                         .assign_timestamps_and_watermarks(bounded()))
            .window(tumbling_event_time_windows::of(100ms))
            .aggregate<std::string>(sum_count{}, show_sum_count{});
        });
        BOOST_TEST(got == tumbling, boost::test_tools::per_element());
        got = run(p, backend, [&](environment& env) {
          return keyed(env.generate(events.size(), [&](std::uint64_t i) { return events[i]; })
                         .assign_timestamps_and_watermarks(bounded()))
            .window(sliding_event_time_windows::of(100ms, 30ms))
            .aggregate<std::string>(sum_count{}, show_sum_count{});
        });
        BOOST_TEST(got == sliding, boost::test_tools::per_element());
      }
    }
}

BOOST_AUTO_TEST_CASE(watermarks_pass_rebalance_union_and_connect_before_the_window) {
  const auto events = random_events(23);
  const auto expected = oracle(events, 100, 100);
  // the two halves of the events (even and odd positions), each its own stream with its own
  // watermarks; each half keeps the bound
  auto half = [&](environment& env, std::uint64_t parity) {
    return env
      .generate(events.size() / 2, [&, parity](std::uint64_t i) { return events[2 * i + parity]; })
      .assign_timestamps_and_watermarks(bounded());
  };
  for (auto backend : backends)
    for (int p : {1, 3}) {
      BOOST_TEST_CONTEXT("parallelism " << p << ", backend " << backend_name(backend)) {
        auto rebalanced = run(p, backend, [&](environment& env) {
          // one source instance, so that one watermark generator sees every event
          auto generated = env.generate(events.size(), [&](std::uint64_t i) { return events[i]; });
          generated.set_parallelism(1);
          auto source = generated.assign_timestamps_and_watermarks(bounded());
          source.set_parallelism(1);
          return keyed(source.rebalance().map([](const event& e) { return e; }))
            .window(tumbling_event_time_windows::of(100ms))
            .aggregate<std::string>(sum_count{}, show_sum_count{});
        });
        BOOST_TEST(rebalanced == expected, boost::test_tools::per_element());
        auto unioned = run(p, backend, [&](environment& env) {
          return keyed(half(env, 0).union_with(half(env, 1)))
            .window(tumbling_event_time_windows::of(100ms))
            .aggregate<std::string>(sum_count{}, show_sum_count{});
        });
        BOOST_TEST(unioned == expected, boost::test_tools::per_element());
        struct same final : co_map_function<event, event, event> {
          event map1(const event& e) override { return e; }
          event map2(const event& e) override { return e; }
        };
        auto connected = run(p, backend, [&](environment& env) {
          return keyed(half(env, 0).connect(half(env, 1)).co_map(same{}))
            .window(tumbling_event_time_windows::of(100ms))
            .aggregate<std::string>(sum_count{}, show_sum_count{});
        });
        BOOST_TEST(connected == expected, boost::test_tools::per_element());
      }
    }
}

namespace {

struct idle_progress {
  std::atomic<int> fired{0};
  std::atomic<bool> timed_out{false};
};

/// Emits `events` (none for the idle input), then neither ends nor emits until `wanted` window
/// rows were emitted downstream (or 10 s passed): a window that needs the idle input's
/// watermark would never fire before this source ends.
class waiting_source final : public source_function<event> {
public:
  waiting_source(std::vector<event> events, int wanted, std::shared_ptr<idle_progress> progress)
    : events_(std::move(events)), wanted_(wanted), progress_(std::move(progress)) {}
  source_status poll(collector<event>& out, std::size_t max_records) override {
    for (std::size_t n = 0; n < max_records && next_ < events_.size(); ++n)
      out.collect(events_[next_++]);
    if (next_ < events_.size())
      return source_status::more_available;
    return end_(progress_->fired, wanted_, progress_->timed_out);
  }

private:
  std::vector<event> events_;
  int wanted_;
  std::shared_ptr<idle_progress> progress_;
  std::size_t next_ = 0;
  end_once_fired end_;
};

} // namespace

BOOST_AUTO_TEST_CASE(an_idle_input_does_not_hold_back_windows_once_idleness_is_set) {
  // The active input: a and b every 10 ms in [0, 1000), then one record at 5000, so its
  // watermark passes every window but [5000,5100). The idle input (with_idleness(20 ms)) never
  // emits. Both wait until the 20 earlier windows fired: they can only fire while the sources
  // run if the idle input is excluded from the window's event time.
  std::vector<event> active;
  for (std::int64_t t = 0; t < 1000; t += 10) {
    active.push_back({"a", t, 1});
    active.push_back({"b", t, 2});
  }
  active.push_back({"a", 5000, 4});
  const int before_end = 20; // a and b in [0,100) .. [900,1000)
  rows expected = oracle(active, 100, 100);
  for (auto backend : backends) {
    BOOST_TEST_CONTEXT("backend " << backend_name(backend)) {
      temp_dir dir;
      environment env;
      env.set_parallelism(1).set_batch_size(16).set_auto_watermark_interval(2ms);
      env.set_state_backend(backend).set_state_dir(dir.path().string());
      auto progress = std::make_shared<idle_progress>();
      auto busy = env.add_source(waiting_source{active, before_end, progress}, "active")
                    .assign_timestamps_and_watermarks(
                      watermark_strategy<event>::for_monotonous_timestamps().with_timestamp_assigner(
                        [](const event& e) { return e.ts; }));
      auto idle = env.add_source(waiting_source{{}, before_end, progress}, "idle")
                    .assign_timestamps_and_watermarks(
                      watermark_strategy<event>::for_monotonous_timestamps()
                        .with_timestamp_assigner([](const event& e) { return e.ts; })
                        .with_idleness(20ms));
      auto fired = keyed(busy.union_with(idle))
                     .window(tumbling_event_time_windows::of(100ms))
                     .aggregate<std::string>(sum_count{}, show_sum_count{});
      auto out = stamped(fired)
                   .process([progress](const std::string& s, process_context&,
                                       collector<std::string>& o) {
                     ++progress->fired;
                     o.collect(s);
                   })
                   .collect();
      auto result = env.execute("idle input");
      BOOST_REQUIRE_MESSAGE(result.ok(), result.err().to_string());
      BOOST_TEST(!progress->timed_out.load(),
                 "the windows waited for the idle input (fired before the end: "
                   << progress->fired.load() << ")");
      auto got = out.values();
      std::sort(got.begin(), got.end());
      BOOST_TEST(got == expected, boost::test_tools::per_element());
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()
