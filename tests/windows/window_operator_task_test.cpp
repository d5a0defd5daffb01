// The window operator driven by hand inside its task (manual clock, recording transport): the
// cases a review found where the operator's shortcuts must not change Flink's semantics.
#include <boost/test/unit_test.hpp>

#include <memory>
#include <set>
#include <string>
#include <vector>

#include "weir/weir.hpp"
#include "weir/graph/task_builder.hpp"
#include "weir/test/recording_transport.hpp"

using namespace weir;
using namespace std::chrono_literals;
using weir::test::recording_transport;

namespace {

int clears = 0;

/// Emits "key:[start,end):v1,v2..." per fire; counts clear().
struct show final : process_window_function<long, std::string, long, time_window> {
  void process(const long& key, context& ctx, const std::vector<long>& all,
               collector<std::string>& out) override {
    std::string s = std::to_string(key) + ":[" + std::to_string(ctx.window().start) + ","
                    + std::to_string(ctx.window().end) + "):";
    for (auto v : all) s += std::to_string(v) + ",";
    out.collect(s);
  }
  void clear(context&) override { ++clears; }
};

/// Counts its fires per key in keyed state it got on first use and keeps (as keyed process
/// functions do).
struct fires_per_key final : process_window_function<long, std::string, long, time_window> {
  const runtime_context* rc = nullptr;
  state::value_state<long>* fires = nullptr;
  void open(const runtime_context& c) override { rc = &c; }
  void process(const long& key, context&, const std::vector<long>& all,
               collector<std::string>& out) override {
    if (fires == nullptr)
      fires = &rc->get_state(state::value_state_descriptor<long>("fires"));
    long n = fires->value().value_or(0) + 1;
    fires->update(n);
    out.collect(std::to_string(key) + "#" + std::to_string(n) + "=" + std::to_string(all.at(0)));
  }
};

template <class Build>
struct window_job {
  std::shared_ptr<time::manual_clock> clock = std::make_shared<time::manual_clock>(1000ms);
  graph::job_graph plan;
  recording_transport t;
  std::unique_ptr<flow::task> task;

  explicit window_job(Build build, state_backend_kind backend = state_backend_kind::heap) {
    environment env;
    env.set_batch_size(16).set_state_backend(backend);
    env.config().clock = clock;
    auto keyed = env.generate(1, [](std::uint64_t i) { return long(i); })
                   .key_by([](const long& x) { return x % 2; });
    build(keyed).rebalance().collect();
    plan = std::get<graph::job_graph>(env.plan());
    BOOST_REQUIRE(plan.vertices.size() == 3u);
    task = graph::build_task(plan, 1, 0, t);
    task->open();
    task->on_credit(0, 64);
    t.clear();
  }
  void send(std::vector<long> records, std::vector<std::int64_t> timestamps) {
    task->on_batch(0, std::make_shared<flow::typed_batch<long>>(std::move(records),
                                                                std::move(timestamps)));
  }
  void watermark(std::int64_t w) { task->on_control(0, flow::control_event::watermark(event_time{w})); }
  std::vector<std::string> rows() {
    task->on_flush_timer();
    std::vector<std::string> out;
    for (const auto& s : t.log)
      if (s.kind == recording_transport::sent::batch) {
        auto& b = static_cast<flow::typed_batch<std::string>&>(*s.payload);
        for (auto& r : b.records) out.push_back(r);
      }
    return out;
  }
};
template <class B> window_job(B) -> window_job<B>;
template <class B> window_job(B, state_backend_kind) -> window_job<B>;

using strings = std::vector<std::string>;

} // namespace

BOOST_AUTO_TEST_SUITE(window_operator_task_test)

// Event-time windows fired by processing_time_trigger (legal in Flink): the trigger runs on
// the other clock, so it is asked for every element (each re-registers its passed timer and
// fires again), and the event-time cleanup timer is registered (clear() runs once).
BOOST_AUTO_TEST_CASE(processing_time_trigger_on_event_time_windows) {
  clears = 0;
  window_job job([](auto keyed) {
    return keyed.window(tumbling_event_time_windows::of(100ms))
      .trigger(processing_time_trigger::create())
      .process(show{});
  });
  job.send({1}, {10});        // processing timer at 99, already due (clock 1000)
  job.task->on_timer();       // fires [0,100) with 1
  job.send({3}, {20});        // Flink: the trigger registers 99 again -> fires with 1,3
  job.task->on_timer();
  job.watermark(500);         // Flink: cleanup timer at 99 clears the window (clear() once)
  auto got = job.rows();
  for (auto& r : got) BOOST_TEST_MESSAGE("row " << r);
  BOOST_TEST(got == (strings{"1:[0,100):1,", "1:[0,100):1,3,"}), boost::test_tools::per_element());
  BOOST_TEST(clears == 1);
}

// Same with reduce (incremental, typed heap table: `first` is false for the 2nd element).
BOOST_AUTO_TEST_CASE(processing_time_trigger_on_event_time_windows_reduce) {
  window_job job([](auto keyed) {
    return keyed.window(tumbling_event_time_windows::of(100ms))
      .trigger(processing_time_trigger::create())
      .reduce([](const long& a, const long& b) { return a + b; });
  });
  job.send({1}, {10});
  job.task->on_timer();
  job.send({3}, {20});
  job.task->on_timer();
  job.watermark(500);
  job.task->on_flush_timer();
  std::vector<long> got;
  for (const auto& s : job.t.log)
    if (s.kind == recording_transport::sent::batch)
      for (auto r : static_cast<flow::typed_batch<long>&>(*s.payload).records) got.push_back(r);
  BOOST_TEST(got == (std::vector<long>{1, 4}), boost::test_tools::per_element());
}

// Lazily keyed firing: a window function that keeps the state it got on first use (as keyed
// process functions may) still reads and writes its own key's state (the operator turns eager
// at the first state access).
BOOST_AUTO_TEST_CASE(lazy_key_and_a_state_kept_by_the_function) {
  window_job job([](auto keyed) {
    return keyed.window(tumbling_event_time_windows::of(100ms))
      .reduce([](const long& a, const long& b) { return a + b; }, fires_per_key{});
  });
  job.send({0, 1}, {10, 10});
  job.watermark(150);   // fires [0,100) for keys 0 and 1: each its first fire
  job.send({2, 3}, {110, 110});
  job.watermark(250);   // fires [100,200): each key's second
  auto got = job.rows();
  for (auto& r : got) BOOST_TEST_MESSAGE("row " << r);
  std::multiset<std::string> g(got.begin(), got.end());
  BOOST_TEST((g == std::multiset<std::string>{"0#1=0", "1#1=1", "0#2=2", "1#2=3"}));
}

BOOST_AUTO_TEST_CASE(lazy_key_one_round) {
  window_job job([](auto keyed) {
    return keyed.window(tumbling_event_time_windows::of(100ms))
      .reduce([](const long& a, const long& b) { return a + b; }, fires_per_key{});
  });
  job.send({0, 1}, {10, 10});
  job.watermark(150);   // fires [0,100) for keys 0 and 1: each its first fire
  auto got = job.rows();
  std::multiset<std::string> g(got.begin(), got.end());
  BOOST_TEST((g == std::multiset<std::string>{"0#1=0", "1#1=1"}));
  for (auto& r : got) BOOST_TEST_MESSAGE("row " << r);
}

// A timer re-registered at the firing time inside on_timer is deleted by the trigger's clear
// as in Flink: the window's cleanup runs once.
BOOST_AUTO_TEST_CASE(is_firing_keeps_a_reregistered_timer) {
  clears = 0;
  window_job job([](auto keyed) {
    return keyed.window(tumbling_processing_time_windows::of(100ms))
      .trigger(continuous_processing_time_trigger::of(40ms))
      .process(show{});
  });
  job.send({1}, {10});       // clock 1000: window [1000,1100), fire-time 1040
  job.clock->set(1099ms);
  job.task->on_timer();      // 1040, 1080, 1099 (cleanup)
  auto got = job.rows();
  for (auto& r : got) BOOST_TEST_MESSAGE("row " << r);
  BOOST_TEST(clears == 1);
}


// window_state() has no meaning for merging windows: Flink refuses it, so does Weir.
BOOST_AUTO_TEST_CASE(window_state_on_session_windows_is_refused) {
  struct uses_window_state final
    : process_window_function<long, std::string, long, time_window> {
    void process(const long&, context& ctx, const std::vector<long>&,
                 collector<std::string>&) override {
      (void) ctx.window_state().get_state(state::value_state_descriptor<long>("w"));
    }
  };
  environment env;
  env.set_parallelism(1);
  (void) env.from_collection(std::vector<long>{1, 2, 3})
    .assign_timestamps_and_watermarks(watermark_strategy<long>::for_monotonous_timestamps()
                                        .with_timestamp_assigner([](const long& x) { return x; }))
    .key_by([](const long& x) { return x % 2; })
    .window(event_time_session_windows::with_gap(10ms))
    .process(uses_window_state{})
    .collect();
  auto result = env.execute();
  BOOST_TEST((result.err().code() == errc::invalid_plan));
  BOOST_TEST(result.err().message().find("merging windows") != std::string::npos);
}

// One window with more keys than the RocksDB window cache holds (count windows have one
// window): the window itself moves to RocksDB, so the bound holds, and results stay right.
BOOST_AUTO_TEST_CASE(a_single_window_larger_than_the_cache_moves_to_rocksdb) {
  auto sums = [](std::size_t cache, state_backend_kind backend) {
    environment env;
    env.set_parallelism(1).set_state_backend(backend).set_window_cache_entries(cache);
    auto out = env.generate(3000, [](std::uint64_t i) { return long(i); })
                 .key_by([](const long& x) { return x % 500; })
                 .count_window(3)
                 .reduce([](const long& a, const long& b) { return a + b; })
                 .collect();
    auto result = env.execute();
    BOOST_REQUIRE_MESSAGE(result.ok(), result.err().to_string());
    std::multiset<long> got(out.values().begin(), out.values().end());
    return got;
  };
  auto heap = sums(0, state_backend_kind::heap);
  BOOST_TEST(heap.size() == 1000u); // 6 elements per key: two windows of 3 fire
  BOOST_TEST((sums(10, state_backend_kind::rocksdb) == heap));
}

BOOST_AUTO_TEST_SUITE_END()
