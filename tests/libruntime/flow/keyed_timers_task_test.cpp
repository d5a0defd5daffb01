// Timers of a keyed process function inside one task, driven by hand: batches and watermarks
// on the input channel, a manual clock for processing time, a recording transport for what
// goes out ("B" batch, "W" watermark, "E" end of stream, "T" wake-up asked, "F" flush timer,
// "C" credit granted):
//
//   source (1) ─hash─► KeyedProcess (1) ─rebalance─► collect
//   vertex 0           vertex 1: the task under test

#include <boost/test/unit_test.hpp>

#include <memory>
#include <string>
#include <vector>

#include "weir/api.hpp"
#include "weir/graph/task_builder.hpp"
#include "weir/test/recording_transport.hpp"

using namespace weir;
using namespace std::chrono_literals;
using weir::test::recording_transport;

namespace {

/// Keyed by parity. Each record registers an event-time timer at its timestamp + 100 (the
/// same time twice keeps one); a 7 also registers a processing-time timer 50 ms ahead.
/// on_timer emits "<key>@<time><e|p>" (keyed state in on_timer: keyed_timers_job_test).
class parity_timers final : public keyed_process_function<long, long, std::string> {
public:
  void process_element(const long& x, keyed_context<long>& ctx,
                       collector<std::string>&) override {
    auto& timers = ctx.timer_service();
    timers.register_event_time_timer(ctx.timestamp()->value() + 100);
    if (x == 7)
      timers.register_processing_time_timer(timers.current_processing_time() + 50ms);
  }
  void on_timer(event_time t, on_timer_context& ctx, collector<std::string>& out) override {
    BOOST_TEST(ctx.timestamp() == t);
    out.collect(std::to_string(ctx.get_current_key()) + "@" + std::to_string(t.value())
                + (ctx.time_domain() == time_domain::event_time ? "e" : "p"));
  }
};

struct timer_job {
  std::shared_ptr<time::manual_clock> clock = std::make_shared<time::manual_clock>(1000ms);
  graph::job_graph plan;
  recording_transport t;
  std::unique_ptr<flow::task> task;

  timer_job() {
    environment env;
    env.set_batch_size(16);
    env.config().clock = clock;
    (void) env.generate(1, [](std::uint64_t i) { return long(i); })
      .key_by([](const long& x) { return x % 2; })
      .process(parity_timers{})
      .rebalance()
      .collect();
    plan = std::get<graph::job_graph>(env.plan());
    BOOST_REQUIRE(plan.vertices.size() == 3u);
    task = graph::build_task(plan, 1, 0, t);
    task->open();
    task->on_credit(0, 8);
    t.clear();
  }

  void send(std::vector<long> records, std::vector<std::int64_t> timestamps) {
    task->on_batch(0, std::make_shared<flow::typed_batch<long>>(std::move(records),
                                                                std::move(timestamps)));
  }
  void watermark(std::int64_t w) {
    task->on_control(0, flow::control_event::watermark(event_time{w}));
  }
  /// Records and timestamps of every batch sent, one string per batch.
  [[nodiscard]] std::vector<std::string> batches() const {
    std::vector<std::string> out;
    for (const auto& s : t.log)
      if (s.kind == recording_transport::sent::batch) {
        auto& b = static_cast<flow::typed_batch<std::string>&>(*s.payload);
        std::string line;
        for (std::size_t i = 0; i < b.records.size(); ++i)
          line += (i ? " " : "") + b.records[i]
                  + (b.has_timestamps() ? "/" + std::to_string(b.timestamps[i]) : "/-");
        out.push_back(line);
      }
    return out;
  }
};

using strings = std::vector<std::string>;

} // namespace

BOOST_AUTO_TEST_SUITE(keyed_timers_task_test)

BOOST_FIXTURE_TEST_CASE(event_time_timers_fire_before_the_watermark_that_passes_them,
                        timer_job) {
  send({1, 2, 3}, {10, 20, 10}); // timers 1@110 (once), 0@120
  BOOST_TEST(t.trace() == "");
  watermark(109);
  BOOST_TEST(t.trace() == "W0:109");
  watermark(115);
  // what the timer emits goes out before the watermark, with the timer's time as timestamp
  BOOST_TEST(t.trace() == "W0:109 F B0:1 W0:115");
  BOOST_TEST(batches() == strings{"1@110e/110"}, boost::test_tools::per_element());
  watermark(120); // time <= watermark fires
  BOOST_TEST(batches() == (strings{"1@110e/110", "0@120e/120"}),
             boost::test_tools::per_element());
}

BOOST_FIXTURE_TEST_CASE(the_end_of_input_fires_every_event_time_timer_left, timer_job) {
  send({1, 2, 4}, {10, 20, 500}); // 1@110, 0@120, 0@600
  watermark(115);
  t.clear();
  task->on_end_of_stream(0);
  BOOST_TEST(t.trace() == "B0:2 W0:max E0");
  BOOST_TEST(batches() == strings{"0@120e/120 0@600e/600"}, boost::test_tools::per_element());
}

BOOST_FIXTURE_TEST_CASE(processing_time_timers_fire_on_the_clock_without_timestamps,
                        timer_job) {
  send({7}, {10}); // 1@110 event time, 1@1050 processing time
  BOOST_TEST(t.trace() == "T50");
  clock->advance(40ms);
  task->on_timer(); // early: nothing due
  BOOST_TEST(batches().empty());
  clock->advance(10ms);
  task->on_timer();
  task->on_flush_timer(); // the partial batch waits for the flush timer, as records do
  BOOST_TEST(batches() == strings{"1@1050p/-"}, boost::test_tools::per_element());
  watermark(200);
  BOOST_TEST(batches() == (strings{"1@1050p/-", "1@110e/110"}),
             boost::test_tools::per_element());
}

BOOST_FIXTURE_TEST_CASE(processing_time_timers_do_not_fire_after_the_input_ended, timer_job) {
  send({7}, {10});
  task->on_end_of_stream(0); // fires the event-time timer only
  clock->advance(100ms);
  task->on_timer();
  BOOST_TEST(batches() == strings{"1@110e/110"}, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()
