// assign_timestamps_and_watermarks inside one task, driven by a manual clock and a recording
// transport ("B" batch, "W" watermark, "T" timer wake-up asked, "F" flush timer, "P" poll):
//
//   scripted source ─► Timestamps/Watermarks ─rebalance─► collect
//   vertex 0: one task                                    vertex 1

#include <boost/test/unit_test.hpp>

#include <memory>
#include <vector>

#include "weir/api.hpp"
#include "weir/graph/task_builder.hpp"
#include "weir/test/recording_transport.hpp"

using namespace weir;
using namespace std::chrono_literals;
using weir::test::recording_transport;

namespace {

/// Emits `first` on its first poll, then nothing until told to end.
class scripted_source final : public source_function<long> {
public:
  scripted_source(std::vector<long> first, std::shared_ptr<bool> end)
    : first_(std::move(first)), end_(std::move(end)) {}
  source_status poll(collector<long>& out, std::size_t) override {
    if (!sent_) {
      sent_ = true;
      for (long x : first_)
        out.collect(x);
      return source_status::nothing_available;
    }
    return *end_ ? source_status::end_of_input : source_status::nothing_available;
  }

private:
  std::vector<long> first_;
  std::shared_ptr<bool> end_;
  bool sent_ = false;
};

/// Emits what the test put in `pending` since the last poll.
class queue_source final : public source_function<long> {
public:
  explicit queue_source(std::shared_ptr<std::vector<long>> pending) : pending_(std::move(pending)) {}
  source_status poll(collector<long>& out, std::size_t) override {
    for (long x : *pending_)
      out.collect(x);
    pending_->clear();
    return source_status::nothing_available;
  }

private:
  std::shared_ptr<std::vector<long>> pending_;
};

/// Punctuated: a watermark of ts - 1 after every record whose value is even.
class even_marks final : public watermark_generator<long> {
public:
  void on_event(const long& x, event_time ts, watermark_output& out) override {
    if (x % 2 == 0)
      out.emit_watermark(event_time{ts.value() - 1});
  }
  void on_periodic_emit(watermark_output&) override {}
};

struct assigner_job {
  std::shared_ptr<time::manual_clock> clock = std::make_shared<time::manual_clock>(0ms);
  std::shared_ptr<bool> end = std::make_shared<bool>(false);
  graph::job_graph plan;

  assigner_job(std::vector<long> values, watermark_strategy<long> strategy,
               std::chrono::milliseconds interval) {
    environment env;
    env.set_batch_size(8).set_auto_watermark_interval(interval);
    env.config().clock = clock;
    (void) env.add_source(scripted_source{std::move(values), end}, "Readings")
      .assign_timestamps_and_watermarks(std::move(strategy))
      .rebalance()
      .collect();
    plan = std::get<graph::job_graph>(env.plan());
  }
};

std::vector<std::int64_t> timestamps_sent(const recording_transport& t) {
  std::vector<std::int64_t> out;
  for (const auto& s : t.log)
    if (s.kind == recording_transport::sent::batch)
      for (auto ts : static_cast<flow::typed_batch<long>&>(*s.payload).timestamps)
        out.push_back(ts);
  return out;
}

auto by_value = [](const long& x) { return x; };

/// Two sources feed an assigner in its own task (vertex 1), whose watermarks and statuses
/// replace theirs:
///   generate (2) ─rebalance─► Timestamps/Watermarks (1) ─rebalance─► collect
graph::job_graph assigner_behind_two_sources() {
  environment env;
  env.set_batch_size(4).set_auto_watermark_interval(0ms);
  (void) env.generate(10, [](std::uint64_t i) { return long(i); })
    .set_parallelism(2)
    .rebalance()
    .assign_timestamps_and_watermarks(watermark_strategy<long>::for_generator(even_marks{})
                                        .with_timestamp_assigner(by_value))
    .set_parallelism(1)
    .rebalance()
    .collect();
  auto plan = std::get<graph::job_graph>(env.plan());
  return plan;
}

} // namespace

BOOST_AUTO_TEST_SUITE(timestamps_and_watermarks_test)

BOOST_AUTO_TEST_CASE(bounded_out_of_orderness_emits_max_minus_bound_minus_one_every_interval) {
  assigner_job job{{1000, 1003, 998, 1010, 1002},
                   watermark_strategy<long>::for_bounded_out_of_orderness(5ms)
                     .with_timestamp_assigner(by_value),
                   200ms};
  BOOST_REQUIRE(job.plan.vertices.size() == 2u);
  recording_transport t;
  auto task = graph::build_task(job.plan, 0, 0, t);
  task->open();
  BOOST_TEST(t.trace() == "T200 P");
  task->on_credit(0, 8);
  task->on_poll();
  t.clear();
  job.clock->advance(200ms);
  task->on_timer();
  // the records go out before the watermark they precede: 1010 - 5 - 1
  BOOST_TEST(t.trace() == "B0:5 W0:1004 T200");
  BOOST_TEST(timestamps_sent(t) == (std::vector<std::int64_t>{1000, 1003, 998, 1010, 1002}),
             boost::test_tools::per_element());
  t.clear();
  job.clock->advance(200ms);
  task->on_timer(); // nothing new: only strictly rising watermarks go downstream
  BOOST_TEST(t.trace() == "T200");
  t.clear();
  *job.end = true;
  task->on_poll();
  BOOST_TEST(t.trace() == "W0:max E0");
}

BOOST_AUTO_TEST_CASE(a_punctuated_watermark_follows_its_record_without_a_timer) {
  assigner_job job{{10, 21, 30, 41},
                   watermark_strategy<long>::for_generator(even_marks{})
                     .with_timestamp_assigner(by_value),
                   0ms};
  recording_transport t;
  auto task = graph::build_task(job.plan, 0, 0, t);
  task->open();
  BOOST_TEST(t.trace() == "P"); // interval 0: no periodic timer
  task->on_credit(0, 8);
  t.clear();
  task->on_poll();
  // The batch is cut after each record that produced a watermark (10 -> 9, 30 -> 29), so each
  // watermark follows exactly the records before it; 41 waits in the writer for more.
  BOOST_TEST(t.trace() == "F B0:1 W0:9 B0:2 W0:29 P");
}

BOOST_AUTO_TEST_CASE(watermarks_from_upstream_stop_at_the_assigner_except_the_final_one) {
  auto plan = assigner_behind_two_sources();
  BOOST_REQUIRE(plan.vertices.size() == 3u);
  recording_transport t;
  auto task = graph::build_task(plan, 1, 0, t);
  task->open();
  task->on_credit(0, 8);
  t.clear();
  task->on_control(0, flow::control_event::watermark(event_time{500}));
  task->on_control(1, flow::control_event::watermark(event_time{700}));
  BOOST_TEST(t.trace() == ""); // upstream's 500 does not pass
  task->on_batch(0, std::make_shared<flow::typed_batch<long>>(std::vector<long>{3, 8}));
  BOOST_TEST(t.trace() == "F B0:2 W0:7");
  task->on_end_of_stream(0);
  task->on_end_of_stream(1);
  BOOST_TEST(t.trace() == "F B0:2 W0:7 W0:max E0");
}

BOOST_AUTO_TEST_CASE(an_idle_stream_says_it_is_active_again_before_its_records) {
  auto clock = std::make_shared<time::manual_clock>(0ms);
  auto pending = std::make_shared<std::vector<long>>(std::vector<long>{100, 101, 102, 103});
  environment env;
  env.set_batch_size(4).set_auto_watermark_interval(100ms);
  env.config().clock = clock;
  (void) env.add_source(queue_source{pending}, "Readings")
    .assign_timestamps_and_watermarks(watermark_strategy<long>::for_monotonous_timestamps()
                                        .with_timestamp_assigner(by_value)
                                        .with_idleness(300ms))
    .rebalance()
    .collect();
  auto plan = std::get<graph::job_graph>(env.plan());
  recording_transport t;
  auto task = graph::build_task(plan, 0, 0, t);
  task->open();
  task->on_credit(0, 8);
  task->on_poll(); // a full batch of 4 goes out at once
  for (int i = 0; i < 6; ++i) {
    clock->advance(100ms);
    task->on_timer();
  }
  BOOST_TEST(t.trace().find("X0:idle") != std::string::npos);
  t.clear();
  *pending = {200, 201, 202, 203};
  task->on_poll();
  auto trace = t.trace();
  BOOST_TEST(trace.substr(0, 13) == "X0:active B0:"); // active first, then the records
}

BOOST_AUTO_TEST_CASE(statuses_from_upstream_stop_at_the_assigner) {
  auto plan = assigner_behind_two_sources();
  recording_transport t;
  auto task = graph::build_task(plan, 1, 0, t);
  task->open();
  task->on_credit(0, 8);
  t.clear();
  task->on_control(0, flow::control_event::idle());
  task->on_control(1, flow::control_event::idle());
  task->on_control(1, flow::control_event::active());
  BOOST_TEST(t.trace() == ""); // the assigner decides its own status
}

BOOST_AUTO_TEST_SUITE_END()
