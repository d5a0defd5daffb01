#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include "weir/flow/input_gate.hpp"
#include "weir/flow/output_gate.hpp"
#include "weir/test/recording_transport.hpp"

using namespace weir::flow;
using weir::test::recording_transport;

namespace {
batch_ptr batch_of(int n) {
  return std::make_shared<typed_batch<int>>(std::vector<int>(static_cast<std::size_t>(n), 1));
}
} // namespace

BOOST_AUTO_TEST_SUITE(gates_test)

BOOST_AUTO_TEST_CASE(output_gate_queues_batches_without_credit_and_drains_on_credit) {
  recording_transport t;
  output_gate gate{t, 1};
  gate.send_batch(0, batch_of(1));
  gate.send_batch(0, batch_of(2));
  BOOST_TEST(t.log.empty());
  BOOST_TEST(gate.backpressured());
  gate.on_credit(0, 1);
  BOOST_TEST(t.trace() == "B0:1");
  BOOST_TEST(gate.backpressured());
  gate.on_credit(0, 5);
  BOOST_TEST(t.trace() == "B0:1 B0:2");
  BOOST_TEST(!gate.backpressured());
}

BOOST_AUTO_TEST_CASE(end_of_stream_waits_behind_queued_batches) {
  recording_transport t;
  output_gate gate{t, 2};
  gate.on_credit(1, 1);
  gate.send_batch(0, batch_of(3));
  gate.end_of_stream();
  BOOST_TEST(t.trace() == "E1");
  BOOST_TEST(!gate.closed());
  gate.on_credit(0, 1);
  BOOST_TEST(t.trace() == "E1 B0:3 E0");
  BOOST_TEST(gate.closed());
}

BOOST_AUTO_TEST_CASE(input_gate_grants_the_window_when_a_channel_opens) {
  recording_transport t;
  input_gate gate{t, 2, 4};
  gate.open(1);
  BOOST_TEST(t.trace() == "C1:4");
}

BOOST_AUTO_TEST_CASE(grants_credit_back_in_bulk_after_half_a_window) {
  recording_transport t;
  input_gate gate{t, 1, 4};
  for (int i = 0; i < 4; ++i)
    gate.enqueue(0, batch_of(1));
  for (int i = 0; i < 4; ++i) {
    auto ev = gate.next();
    BOOST_REQUIRE(ev);
    gate.consumed(ev->channel);
  }
  BOOST_TEST(t.trace() == "C0:2 C0:2");
}

BOOST_AUTO_TEST_CASE(hands_consumed_batches_back_with_the_credit_for_reuse) {
  recording_transport t;
  input_gate gate{t, 1, 2};
  gate.enqueue(0, batch_of(3));
  auto ev = gate.next();
  gate.consumed(ev->channel, std::move(ev->batch));
  BOOST_TEST(t.trace() == "C0:1");
  BOOST_TEST(t.recycled == 1u);
}

BOOST_AUTO_TEST_CASE(keeps_a_batch_someone_else_still_holds) {
  recording_transport t;
  input_gate gate{t, 1, 1};
  auto held = batch_of(1);
  gate.enqueue(0, held);
  auto ev = gate.next();
  gate.consumed(ev->channel, std::move(ev->batch));
  BOOST_TEST(t.recycled == 0u);
  BOOST_TEST(held->size() == 1u);
}

BOOST_AUTO_TEST_CASE(a_writer_refills_a_recycled_batch_instead_of_allocating) {
  recording_transport t;
  output_gate gate{t, 1};
  auto recycled = std::make_shared<typed_batch<int>>();
  recycled->records.reserve(16);
  auto* raw = recycled.get();
  gate.on_credit(0, 1, {recycled});
  recycled.reset();
  auto b = gate.take_recycled(0);
  BOOST_TEST(b.get() == raw);
  BOOST_TEST(!gate.take_recycled(0));
}

BOOST_AUTO_TEST_CASE(a_window_of_one_grants_after_every_batch) {
  recording_transport t;
  input_gate gate{t, 1, 1};
  gate.enqueue(0, batch_of(1));
  auto ev = gate.next();
  gate.consumed(ev->channel);
  BOOST_TEST(t.trace() == "C0:1");
}

BOOST_AUTO_TEST_CASE(hands_out_channels_round_robin_keeping_per_channel_order) {
  recording_transport t;
  input_gate gate{t, 2, 8};
  gate.enqueue(0, batch_of(1));
  gate.enqueue(0, batch_of(2));
  gate.enqueue(1, batch_of(3));
  std::vector<std::pair<std::uint32_t, std::size_t>> seen;
  while (auto ev = gate.next())
    seen.emplace_back(ev->channel, ev->batch->size());
  std::vector<std::pair<std::uint32_t, std::size_t>> expected{{0, 1}, {1, 3}, {0, 2}};
  BOOST_TEST((seen == expected));
}

BOOST_AUTO_TEST_CASE(reports_end_of_stream_only_after_the_channels_batches) {
  recording_transport t;
  input_gate gate{t, 2, 2};
  gate.enqueue(0, batch_of(1));
  gate.enqueue_end_of_stream(0);
  gate.enqueue_end_of_stream(1);
  auto a = gate.next();
  BOOST_TEST((a->channel == 0u && a->batch));
  auto b = gate.next();
  BOOST_TEST((b->channel == 1u && !b->batch));
  BOOST_TEST(!gate.finished());
  auto c = gate.next();
  BOOST_TEST((c->channel == 0u && !c->batch));
  BOOST_TEST(gate.finished());
  BOOST_TEST(!gate.next());
}

BOOST_AUTO_TEST_CASE(a_watermark_waits_behind_the_batches_queued_before_it_and_takes_no_credit) {
  recording_transport t;
  output_gate gate{t, 2};
  gate.on_credit(1, 1);
  gate.send_batch(0, batch_of(3));
  gate.broadcast_control(control_event::watermark(weir::event_time{100}));
  BOOST_TEST(t.trace() == "W1:100");
  gate.send_batch(1, batch_of(1)); // channel 1 used its one credit? no: it had one, unused
  BOOST_TEST(t.trace() == "W1:100 B1:1");
  gate.on_credit(0, 1);
  BOOST_TEST(t.trace() == "W1:100 B1:1 B0:3 W0:100");
  BOOST_TEST(!gate.closed());
}

BOOST_AUTO_TEST_CASE(hands_out_control_events_in_order_with_the_batches_of_their_channel) {
  recording_transport t;
  input_gate gate{t, 1, 4};
  gate.enqueue(0, batch_of(1));
  gate.enqueue(0, control_event::watermark(weir::event_time{7}));
  gate.enqueue(0, batch_of(2));
  gate.enqueue_end_of_stream(0);
  std::vector<std::string> seen;
  while (auto ev = gate.next()) {
    seen.push_back(ev->batch ? "batch " + std::to_string(ev->batch->size())
                             : ev->control.to_string());
    if (ev->batch)
      gate.consumed(ev->channel, std::move(ev->batch));
  }
  BOOST_TEST(seen == (std::vector<std::string>{"batch 1", "watermark 7", "batch 2",
                                               "end of stream"}),
             boost::test_tools::per_element());
  BOOST_TEST(gate.finished());
}

BOOST_AUTO_TEST_CASE(a_blocked_channel_is_skipped_while_the_others_flow) {
  recording_transport t;
  input_gate gate{t, 2, 4};
  gate.enqueue(0, control_event::barrier(weir::checkpoint_id{1}));
  gate.enqueue(0, batch_of(5));
  gate.enqueue(1, batch_of(6));
  auto first = gate.next();
  BOOST_REQUIRE(first);
  BOOST_TEST(first->control.checkpoint().value() == 1u);
  gate.block(0); // aligning checkpoint 1: channel 0's later batches wait
  auto second = gate.next();
  BOOST_TEST(second->channel == 1u);
  BOOST_TEST(!gate.next());
  BOOST_TEST(gate.queued(0) == 1u);
  gate.unblock(0);
  auto third = gate.next();
  BOOST_TEST(third->batch->size() == 5u);
}

BOOST_AUTO_TEST_SUITE_END()
