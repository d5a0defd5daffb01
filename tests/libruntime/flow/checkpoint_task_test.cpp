// Barriers through one task, without actors: the barrier handler as a plain class, then a
// task with two input channels (aligned, at-least-once and unaligned), recorded by a
// recording transport.
//
//   generate(P=2) ─rebalance─► map (P=1, two input channels) ─► collect

#include <boost/test/unit_test.hpp>

#include "weir/api.hpp"
#include "weir/fault_plan.hpp"
#include "weir/flow/barrier_handler.hpp"
#include "weir/graph/task_builder.hpp"
#include "weir/test/recording_transport.hpp"

using namespace weir;
using weir::test::recording_transport;
using flow::barrier_handler;
using flow::control_event;

namespace {

checkpoint_id chk(std::uint64_t n) { return checkpoint_id{n}; }

struct gate_fixture {
  recording_transport t;
  flow::input_gate gate{t, 3, 4};
};

flow::batch_ptr ints(std::vector<int> v) {
  return std::make_shared<flow::typed_batch<int>>(std::move(v));
}

/// The map task of generate(P=2) -> rebalance -> map(P=1) -> collect.
struct two_input_job {
  environment env;
  std::optional<collected<int>> out;
  graph::job_graph plan;

  explicit two_input_job(checkpointing_mode mode, bool unaligned = false) {
    env.set_parallelism(2).set_batch_size(2).set_credits_per_channel(1);
    env.enable_checkpointing(std::chrono::milliseconds{100}, mode);
    env.checkpoint_config().unaligned = unaligned;
    out = env.generate(100, [](std::uint64_t i) { return int(i); })
            .rebalance()
            .map([](const int& x) { return x + 1000; })
            .set_parallelism(1)
            .collect();
    plan = std::get<graph::job_graph>(env.plan());
  }
  /// The map task, opened, both input channels announced, `credit` batches on every output.
  std::unique_ptr<flow::task> open_map_task(recording_transport& t, std::uint32_t credit) {
    auto task = graph::build_task(plan, map_vertex(), 0, t);
    task->open();
    task->on_channel_opened(0);
    task->on_channel_opened(1);
    for (std::uint32_t ch = 0; credit > 0 && ch < task->outputs().channels(); ++ch)
      task->on_credit(ch, credit);
    return task;
  }
  [[nodiscard]] int map_vertex() const {
    for (const auto& v : plan.vertices)
      if (v.name.rfind("Map", 0) == 0)
        return v.id;
    return -1;
  }
};

} // namespace

BOOST_AUTO_TEST_SUITE(checkpoint_task_test)

BOOST_AUTO_TEST_CASE(aligned_blocks_each_channel_at_its_barrier_until_all_arrived) {
  gate_fixture f;
  barrier_handler h{f.gate, checkpointing_mode::exactly_once};
  auto a = h.on_barrier(0, chk(1));
  BOOST_TEST(!a.take);
  BOOST_TEST(f.gate.blocked(0));
  BOOST_TEST(!f.gate.blocked(1));
  BOOST_TEST((h.pending() == chk(1)));
  BOOST_TEST(!h.on_barrier(2, chk(1)).take);
  BOOST_TEST(f.gate.blocked(2));
  auto done = h.on_barrier(1, chk(1));
  BOOST_REQUIRE(done.take);
  BOOST_TEST(*done.take == chk(1));
  for (std::uint32_t c = 0; c < 3; ++c)
    BOOST_TEST(!f.gate.blocked(c));
  BOOST_TEST(!h.pending());
  // A late copy of a taken checkpoint changes nothing.
  BOOST_TEST(!h.on_barrier(0, chk(1)).take);
  BOOST_TEST(!f.gate.blocked(0));
}

BOOST_AUTO_TEST_CASE(at_least_once_counts_barriers_without_blocking) {
  gate_fixture f;
  barrier_handler h{f.gate, checkpointing_mode::at_least_once};
  BOOST_TEST(!h.on_barrier(1, chk(4)).take);
  BOOST_TEST(!f.gate.blocked(1));
  BOOST_TEST(!h.on_barrier(1, chk(4)).take); // the same channel twice counts once
  BOOST_TEST(!h.on_barrier(0, chk(4)).take);
  auto done = h.on_barrier(2, chk(4));
  BOOST_REQUIRE(done.take);
  BOOST_TEST(*done.take == chk(4));
}

BOOST_AUTO_TEST_CASE(a_newer_barrier_aborts_the_one_being_aligned) {
  gate_fixture f;
  barrier_handler h{f.gate, checkpointing_mode::exactly_once};
  (void) h.on_barrier(0, chk(1));
  auto next = h.on_barrier(1, chk(2));
  BOOST_REQUIRE(next.aborted);
  BOOST_TEST(*next.aborted == chk(1));
  BOOST_TEST(!f.gate.blocked(0)); // released: channel 0 has not delivered barrier 2 yet
  BOOST_TEST(f.gate.blocked(1));
  BOOST_TEST(!h.on_barrier(0, chk(1)).take); // the aborted one is stale now
  (void) h.on_barrier(0, chk(2));
  BOOST_TEST((h.on_barrier(2, chk(2)).take == std::optional{chk(2)}));
}

BOOST_AUTO_TEST_CASE(a_cancel_barrier_stops_alignment_and_is_forwarded_once) {
  gate_fixture f;
  barrier_handler h{f.gate, checkpointing_mode::exactly_once};
  (void) h.on_barrier(0, chk(3));
  auto c = h.on_cancel_barrier(1, chk(3));
  BOOST_TEST((c.aborted == std::optional{chk(3)}));
  BOOST_TEST(!f.gate.blocked(0));
  BOOST_TEST(!h.on_cancel_barrier(2, chk(3)).aborted);
  BOOST_TEST(!h.on_barrier(2, chk(3)).take);
}

BOOST_AUTO_TEST_CASE(an_ended_channel_counts_as_having_delivered_every_barrier) {
  gate_fixture f;
  barrier_handler h{f.gate, checkpointing_mode::exactly_once};
  BOOST_TEST(!h.on_end_of_stream(2).take);
  (void) h.on_barrier(0, chk(1));
  auto done = h.on_end_of_stream(1);
  BOOST_TEST((done.take == std::optional{chk(1)}));
  BOOST_TEST(!f.gate.blocked(0));
}

BOOST_AUTO_TEST_CASE(an_aligned_task_holds_records_behind_a_barrier_until_its_other_channel_delivers_it) {
  two_input_job job{checkpointing_mode::exactly_once};
  recording_transport t;
  auto task = job.open_map_task(t, 8);
  t.clear();
  task->on_batch(0, ints({1, 2}));
  task->on_control(0, control_event::barrier(chk(1)));
  task->on_batch(0, ints({3, 4})); // behind the barrier: waits
  task->on_batch(1, ints({5, 6}));
  BOOST_TEST(task->inputs().queued(0) == 1u);
  BOOST_TEST(t.acks.empty());
  task->on_control(1, control_event::barrier(chk(1)));
  BOOST_REQUIRE(t.acks.size() == 1u);
  BOOST_TEST(t.acks[0].first == chk(1));
  // Records before the barrier (1,2 and 5,6) leave before it; 3,4 after it.
  task->on_flush_timer();
  std::vector<int> before;
  std::vector<int> after;
  bool barrier = false;
  for (const auto& s : t.log) {
    if (s.kind == recording_transport::sent::control && s.event.is(control_event::kind::barrier))
      barrier = true;
    if (s.kind == recording_transport::sent::batch)
      for (int r : static_cast<flow::typed_batch<int>&>(*s.payload).records)
        (barrier ? after : before).push_back(r);
  }
  std::sort(before.begin(), before.end());
  BOOST_TEST((before == std::vector<int>{1001, 1002, 1005, 1006}));
  BOOST_TEST((after == std::vector<int>{1003, 1004}));
  BOOST_TEST(task->inputs().queued(0) == 0u);
}

BOOST_AUTO_TEST_CASE(an_at_least_once_task_processes_records_behind_a_barrier_at_once) {
  two_input_job job{checkpointing_mode::at_least_once};
  recording_transport t;
  auto task = job.open_map_task(t, 8);
  task->on_control(0, control_event::barrier(chk(1)));
  task->on_batch(0, ints({3, 4}));
  BOOST_TEST(task->inputs().queued(0) == 0u);
  BOOST_TEST(t.acks.empty());
  task->on_control(1, control_event::barrier(chk(1)));
  BOOST_TEST(t.acks.size() == 1u);
}

BOOST_AUTO_TEST_CASE(an_unaligned_barrier_overtakes_queued_batches_which_become_channel_state) {
  two_input_job job{checkpointing_mode::exactly_once, true};
  recording_transport t;
  auto task = job.open_map_task(t, 0);
  // No credit downstream: the map's output waits in the output gate (backpressure), and
  // input stays queued in the gate.
  task->on_batch(0, ints({1, 2}));
  task->on_batch(0, ints({3, 4}));
  task->on_batch(1, ints({5, 6}));
  BOOST_TEST(task->outputs().backpressured());
  t.clear();
  task->on_control(0, control_event::barrier(chk(7)));
  // Forwarded at once, ahead of everything waiting for credit.
  BOOST_REQUIRE(!t.log.empty());
  BOOST_TEST(t.log.front().kind == recording_transport::sent::control);
  BOOST_TEST(t.log.front().event.checkpoint() == chk(7));
  BOOST_TEST(t.acks.empty()); // channel 1 has not delivered its barrier
  task->on_batch(1, ints({7, 8})); // in flight before channel 1's barrier: recorded
  task->on_control(1, control_event::barrier(chk(7)));
  BOOST_REQUIRE(t.acks.size() == 1u);
  BOOST_TEST(t.acks[0].first == chk(7));
}

BOOST_AUTO_TEST_CASE(a_savepoint_barrier_is_aligned_even_where_unaligned_checkpoints_are_on) {
  two_input_job job{checkpointing_mode::exactly_once, true};
  recording_transport t;
  auto task = job.open_map_task(t, 8);
  task->on_control(0, control_event::barrier(chk(2), true));
  task->on_batch(0, ints({3, 4}));
  BOOST_TEST(task->inputs().queued(0) == 1u); // held: aligned
  task->on_control(1, control_event::barrier(chk(2), true));
  BOOST_TEST(t.acks.size() == 1u);
  BOOST_TEST(task->inputs().queued(0) == 0u);
}

BOOST_AUTO_TEST_CASE(a_fault_plan_fires_each_fault_once_and_describes_its_schedule) {
  fault_plan p{42};
  p.fail_after_records("Map", 1, 100).fail_in_snapshot("Sink", -1, 3);
  BOOST_TEST(p.faults_of("Map", "", 1).size() == 1u);
  BOOST_TEST(p.faults_of("Map", "", 0).empty());
  BOOST_TEST(p.faults_of("Sink", "", 5).size() == 1u);
  BOOST_TEST(p.faults_of("x", "Map", 1).size() == 1u); // matched by uid too
  BOOST_TEST(p.fire(0));
  BOOST_TEST(!p.fire(0));
  BOOST_TEST(p.fired() == 1u);
  auto at = p.faults_of("Sink", "", 0);
  BOOST_TEST(!p.fire_at(at, fault_plan::point::snapshot_sync, chk(2)));
  BOOST_TEST(p.fire_at(at, fault_plan::point::snapshot_sync, chk(3)).has_value());
  auto d = p.describe();
  BOOST_TEST(d.find("seed 42") != std::string::npos, d);
  BOOST_TEST(d.find("after 100 records") != std::string::npos, d);
}

BOOST_AUTO_TEST_CASE(a_random_fault_plan_is_the_same_for_the_same_seed) {
  std::vector<std::string> ops{"Map", "Window", "Sink"};
  auto a = fault_plan::random(5, 9, ops, 3, 1000);
  auto b = fault_plan::random(5, 9, ops, 3, 1000);
  auto c = fault_plan::random(5, 10, ops, 3, 1000);
  BOOST_TEST(a->faults().size() == 5u);
  BOOST_TEST(a->describe() == b->describe());
  BOOST_TEST(a->describe() != c->describe());
  for (const auto& f : a->faults()) {
    BOOST_TEST((f.subtask >= 0 && f.subtask < 3));
    BOOST_TEST((f.records >= 1 && f.records <= 1000));
  }
}

BOOST_AUTO_TEST_SUITE_END()
