// flow::task without actors: a recording transport stands in for the mailbox.
//
//   generate(10) ─► map(x*2) ─rebalance─► collect
//   vertex 0 (source chain)              vertex 1

#include <boost/test/unit_test.hpp>

#include "weir/graph/task_builder.hpp"
#include "weir/test/recording_transport.hpp"
#include "weir/api.hpp"

using namespace weir;
using weir::test::recording_transport;

namespace {

struct two_stage_job {
  environment env;
  std::optional<collected<int>> out;
  graph::job_graph plan;

  explicit two_stage_job(std::size_t batch = 4, std::uint32_t credits = 2) {
    env.set_batch_size(batch).set_credits_per_channel(credits);
    out = env.generate(10, [](std::uint64_t i) { return int(i); })
            .map([](const int& x) { return x * 2; })
            .rebalance()
            .collect();
    plan = std::get<graph::job_graph>(env.plan());
  }
};

std::vector<int> records_of(const recording_transport& t) {
  std::vector<int> out;
  for (const auto& s : t.log)
    if (s.kind == recording_transport::sent::batch)
      for (int r : static_cast<flow::typed_batch<int>&>(*s.payload).records)
        out.push_back(r);
  return out;
}

} // namespace

BOOST_AUTO_TEST_SUITE(task_test)

BOOST_AUTO_TEST_CASE(a_source_without_credit_sends_nothing) {
  two_stage_job job;
  recording_transport t;
  auto task = graph::build_task(job.plan, 0, 0, t);
  task->open();
  BOOST_TEST(t.trace() == "P");
  t.clear();
  task->on_poll();
  BOOST_TEST(t.count(recording_transport::sent::batch) == 0u);
  BOOST_TEST(task->outputs().backpressured());
  // no further poll is scheduled until credit arrives
  BOOST_TEST(t.count(recording_transport::sent::poll) == 0u);
}

BOOST_AUTO_TEST_CASE(credit_releases_exactly_that_many_batches_then_end_of_stream) {
  two_stage_job job;
  recording_transport t;
  auto task = graph::build_task(job.plan, 0, 0, t);
  task->open();
  task->on_poll();
  t.clear();
  task->on_credit(0, 1);
  BOOST_TEST(t.trace() == "B0:4 P");
  t.clear();
  task->on_poll();
  task->on_credit(0, 10);
  task->on_poll();
  BOOST_TEST(records_of(t) == (std::vector<int>{8, 10, 12, 14, 16, 18}));
  BOOST_TEST(t.log.back().kind == recording_transport::sent::end_of_stream);
  BOOST_TEST(task->done());
  BOOST_TEST(task->outputs().ledger().sent(0) <= task->outputs().ledger().granted(0));
}

BOOST_AUTO_TEST_CASE(a_receiver_grants_its_window_and_returns_credit_as_it_consumes) {
  two_stage_job job{4, 2};
  recording_transport t;
  auto task = graph::build_task(job.plan, 1, 0, t);
  task->open();
  task->on_channel_opened(0);
  BOOST_TEST(t.trace() == "C0:2");
  t.clear();
  task->on_batch(0, std::make_shared<flow::typed_batch<int>>(std::vector<int>{1, 2}));
  task->on_batch(0, std::make_shared<flow::typed_batch<int>>(std::vector<int>{3}));
  BOOST_TEST(t.trace() == "C0:1 C0:1");
  task->on_end_of_stream(0);
  BOOST_TEST(task->done());
  BOOST_TEST(job.out->values() == (std::vector<int>{1, 2, 3}));
  auto m = task->metrics();
  BOOST_TEST(m.at(0).records_in == 3u);
}

BOOST_AUTO_TEST_CASE(a_user_function_that_throws_names_the_operator_and_subtask) {
  environment env;
  env.generate(3, [](std::uint64_t i) { return int(i); })
    .map([](const int& x) -> int { if (x == 2) throw std::runtime_error("bad record 2"); return x; })
    .name("Validate")
    .print();
  auto plan = std::get<graph::job_graph>(env.plan());
  recording_transport t;
  auto task = graph::build_task(plan, 0, 0, t);
  task->open();
  try {
    task->on_poll();
    BOOST_FAIL("expected an operator failure");
  } catch (const flow::operator_failure& e) {
    BOOST_TEST(std::string{e.what()} == "operator 'Validate' (subtask 1/1) failed: bad record 2");
  }
}

// Two sources feed one middle task, which forwards to a sink:
//   generate (2 instances) ─rebalance─► map (1) ─rebalance─► collect
BOOST_AUTO_TEST_CASE(forwards_the_minimum_watermark_of_its_inputs_behind_the_records_before_it) {
  environment env;
  env.set_batch_size(4).set_credits_per_channel(8);
  (void) env.generate(10, [](std::uint64_t i) { return int(i); })
    .set_parallelism(2)
    .rebalance()
    .map([](const int& x) { return x + 1; })
    .set_parallelism(1)
    .rebalance()
    .collect();
  auto plan = std::get<graph::job_graph>(env.plan());
  BOOST_REQUIRE(plan.vertices.size() == 3u);
  recording_transport t;
  auto task = graph::build_task(plan, 1, 0, t);
  task->open();
  task->on_credit(0, 8);
  t.clear();
  task->on_batch(0, std::make_shared<flow::typed_batch<int>>(std::vector<int>{1, 2}));
  task->on_control(0, flow::control_event::watermark(event_time{100}));
  BOOST_TEST(t.trace() == "F"); // a partial batch waits (flush timer); the minimum waits for channel 1
  task->on_control(1, flow::control_event::watermark(event_time{50}));
  // the partial batch goes out before the watermark it precedes
  BOOST_TEST(t.trace() == "F B0:2 W0:50");
  task->on_control(1, flow::control_event::watermark(event_time{150}));
  BOOST_TEST(t.trace() == "F B0:2 W0:50 W0:100");
  BOOST_TEST(task->current_watermark().value() == 100);
  task->on_end_of_stream(0);
  task->on_end_of_stream(1);
  // a bounded input ends with the final watermark, then end of stream
  BOOST_TEST(t.trace() == "F B0:2 W0:50 W0:100 W0:max E0");
}

BOOST_AUTO_TEST_CASE(a_source_task_ends_with_the_final_watermark_then_end_of_stream) {
  two_stage_job job{4, 2};
  recording_transport t;
  auto task = graph::build_task(job.plan, 0, 0, t);
  task->open();
  task->on_credit(0, 10);
  task->on_poll();
  task->on_poll();
  BOOST_REQUIRE(t.log.size() >= 2u);
  auto trace = t.trace();
  BOOST_TEST(trace.substr(trace.size() - 9) == "W0:max E0");
}

BOOST_AUTO_TEST_SUITE_END()
