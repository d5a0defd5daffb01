#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <map>
#include <set>
#include <utility>
#include <vector>

#include "weir/flow/channel_writer.hpp"
#include "weir/flow/output_gate.hpp"
#include "weir/flow/partitioner_kind.hpp"
#include "weir/flow/partitioners.hpp"
#include "weir/test/recording_transport.hpp"

using namespace weir::flow;
using weir::test::recording_transport;

namespace {

struct writer_fixture {
  recording_transport t;
  output_gate gate{t, 4};
  flush_timer timer{t, std::chrono::milliseconds{10}};

  writer_context ctx(std::size_t channels, std::size_t batch, bool every_record = false) {
    writer_context c;
    c.gate = &gate;
    c.timer = &timer;
    for (std::size_t i = 0; i < channels; ++i)
      c.targets.push_back(static_cast<int>(i));
    c.target_parallelism = static_cast<int>(channels);
    c.batch_size = batch;
    c.flush_every_record = every_record;
    for (std::uint32_t ch = 0; ch < 4; ++ch)
      gate.on_credit(ch, 100);
    return c;
  }
};

std::vector<int> records_on(const recording_transport& t, std::uint32_t ch) {
  std::vector<int> out;
  for (const auto& s : t.log)
    if (s.kind == recording_transport::sent::batch && s.channel == ch)
      for (int r : static_cast<typed_batch<int>&>(*s.payload).records)
        out.push_back(r);
  return out;
}

std::vector<std::int64_t> timestamps_on(const recording_transport& t, std::uint32_t ch) {
  std::vector<std::int64_t> out;
  for (const auto& s : t.log)
    if (s.kind == recording_transport::sent::batch && s.channel == ch)
      for (auto ts : static_cast<typed_batch<int>&>(*s.payload).timestamps)
        out.push_back(ts);
  return out;
}

/// Sizes of the record and timestamp columns of every batch sent on `ch`.
std::vector<std::pair<std::size_t, std::size_t>> column_sizes_on(const recording_transport& t,
                                                                 std::uint32_t ch) {
  std::vector<std::pair<std::size_t, std::size_t>> out;
  for (const auto& s : t.log)
    if (s.kind == recording_transport::sent::batch && s.channel == ch) {
      auto& b = static_cast<typed_batch<int>&>(*s.payload);
      out.emplace_back(b.records.size(), b.timestamps.size());
    }
  return out;
}

} // namespace

BOOST_AUTO_TEST_SUITE(partitioner_test)

BOOST_AUTO_TEST_CASE(forward_connects_instance_i_to_instance_i) {
  BOOST_TEST(connected_receivers(partitioner_kind::forward, 3, 3, 2) == std::vector<int>{2});
}

BOOST_AUTO_TEST_CASE(rescale_connects_each_sender_to_a_local_subset) {
  // 4 senders, 2 receivers: pairs of senders share one receiver.
  BOOST_TEST(connected_receivers(partitioner_kind::rescale, 4, 2, 0) == std::vector<int>{0});
  BOOST_TEST(connected_receivers(partitioner_kind::rescale, 4, 2, 3) == std::vector<int>{1});
  // 2 senders, 4 receivers: each sender feeds two.
  BOOST_TEST(connected_receivers(partitioner_kind::rescale, 2, 4, 1) == (std::vector<int>{2, 3}));
}

BOOST_AUTO_TEST_CASE(all_to_all_partitioners_connect_every_receiver) {
  for (auto k : {partitioner_kind::rebalance, partitioner_kind::shuffle, partitioner_kind::broadcast,
                 partitioner_kind::key_group, partitioner_kind::custom})
    BOOST_TEST(connected_receivers(k, 2, 3, 1) == (std::vector<int>{0, 1, 2}));
}

BOOST_FIXTURE_TEST_CASE(sends_a_batch_when_it_is_full, writer_fixture) {
  channel_writer<int, round_robin_selector> w{ctx(1, 3), round_robin_selector{ctx(1, 3)}};
  record_batch<int> in{{1, 2, 3, 4}};
  w.push(in);
  BOOST_TEST(t.count(recording_transport::sent::batch) == 1u);
  BOOST_TEST(records_on(t, 0) == (std::vector<int>{1, 2, 3}));
  BOOST_TEST(t.count(recording_transport::sent::flush) == 1u); // record 4 waits for the timer
  w.flush();
  BOOST_TEST(records_on(t, 0) == (std::vector<int>{1, 2, 3, 4}));
}

BOOST_FIXTURE_TEST_CASE(a_zero_buffer_timeout_sends_every_record_at_once, writer_fixture) {
  auto c = ctx(1, 100, true);
  channel_writer<int, round_robin_selector> w{c, round_robin_selector{c}};
  record_batch<int> in{{7, 8}};
  w.push(in);
  BOOST_TEST(records_on(t, 0) == (std::vector<int>{7, 8}));
  BOOST_TEST(t.count(recording_transport::sent::batch) == 2u);
  BOOST_TEST(t.count(recording_transport::sent::flush) == 0u);
}

BOOST_FIXTURE_TEST_CASE(rebalance_spreads_records_round_robin, writer_fixture) {
  auto c = ctx(3, 100);
  channel_writer<int, round_robin_selector> w{c, round_robin_selector{c}};
  record_batch<int> in{{0, 1, 2, 3, 4, 5}};
  w.push(in);
  w.flush();
  BOOST_TEST(records_on(t, 0) == (std::vector<int>{0, 3}));
  BOOST_TEST(records_on(t, 1) == (std::vector<int>{1, 4}));
  BOOST_TEST(records_on(t, 2) == (std::vector<int>{2, 5}));
}

BOOST_FIXTURE_TEST_CASE(broadcast_copies_every_record_to_every_channel, writer_fixture) {
  auto c = ctx(2, 100);
  channel_writer<int, broadcast_selector> w{c, broadcast_selector{c}};
  record_batch<int> in{{1, 2}};
  w.push(in);
  w.flush();
  BOOST_TEST(records_on(t, 0) == (std::vector<int>{1, 2}));
  BOOST_TEST(records_on(t, 1) == (std::vector<int>{1, 2}));
}

BOOST_FIXTURE_TEST_CASE(key_groups_send_equal_keys_to_the_same_channel, writer_fixture) {
  auto c = ctx(3, 1000);
  auto key = [](const int& v) { return v % 10; };
  channel_writer<int, key_group_selector<decltype(key)>> w{c, key_group_selector{c, key}};
  record_batch<int> in;
  for (int i = 0; i < 300; ++i)
    in.records.push_back(i);
  w.push(in);
  w.flush();
  std::map<int, std::set<std::uint32_t>> channels_of_key;
  for (std::uint32_t ch = 0; ch < 3; ++ch)
    for (int r : records_on(t, ch))
      channels_of_key[r % 10].insert(ch);
  BOOST_TEST(channels_of_key.size() == 10u);
  for (auto& [k, chans] : channels_of_key)
    BOOST_TEST(chans.size() == 1u);
}

BOOST_FIXTURE_TEST_CASE(a_custom_partitioner_out_of_range_is_an_error, writer_fixture) {
  auto c = ctx(2, 10);
  auto part = [](const int&, int n) { return n; };
  auto key = [](const int& v) { return v; };
  channel_writer<int, custom_selector<decltype(part), decltype(key)>> w{c, custom_selector{c, part, key}};
  record_batch<int> in{{1}};
  BOOST_CHECK_THROW(w.push(in), std::out_of_range);
}

BOOST_FIXTURE_TEST_CASE(timestamps_follow_their_records_into_the_channels, writer_fixture) {
  auto c = ctx(3, 100);
  channel_writer<int, round_robin_selector> w{c, round_robin_selector{c}};
  record_batch<int> in{{0, 1, 2, 3, 4, 5}, {100, 101, 102, 103, 104, 105}};
  w.push(in);
  w.flush();
  BOOST_TEST(records_on(t, 0) == (std::vector<int>{0, 3}));
  BOOST_TEST(timestamps_on(t, 0) == (std::vector<std::int64_t>{100, 103}));
  BOOST_TEST(timestamps_on(t, 1) == (std::vector<std::int64_t>{101, 104}));
  BOOST_TEST(timestamps_on(t, 2) == (std::vector<std::int64_t>{102, 105}));
}

BOOST_FIXTURE_TEST_CASE(a_full_batch_changes_hands_with_its_timestamps, writer_fixture) {
  channel_writer<int, round_robin_selector> w{ctx(1, 2), round_robin_selector{ctx(1, 2)}};
  record_batch<int> in{{1, 2}, {10, 20}};
  w.push(in);
  BOOST_TEST(records_on(t, 0) == (std::vector<int>{1, 2}));
  BOOST_TEST(timestamps_on(t, 0) == (std::vector<std::int64_t>{10, 20}));
}

BOOST_FIXTURE_TEST_CASE(broadcast_copies_every_timestamp_to_every_channel, writer_fixture) {
  auto c = ctx(2, 100);
  channel_writer<int, broadcast_selector> w{c, broadcast_selector{c}};
  record_batch<int> in{{1, 2}, {7, 8}};
  w.push(in);
  w.flush();
  BOOST_TEST(timestamps_on(t, 0) == (std::vector<std::int64_t>{7, 8}));
  BOOST_TEST(timestamps_on(t, 1) == (std::vector<std::int64_t>{7, 8}));
}

BOOST_FIXTURE_TEST_CASE(a_stream_without_timestamps_sends_an_empty_column, writer_fixture) {
  auto c = ctx(2, 2);
  channel_writer<int, round_robin_selector> w{c, round_robin_selector{c}};
  record_batch<int> in{{1, 2, 3, 4, 5}};
  w.push(in);
  w.flush();
  using sizes = std::vector<std::pair<std::size_t, std::size_t>>;
  BOOST_TEST((column_sizes_on(t, 0) == sizes{{2, 0}, {1, 0}}));
  BOOST_TEST((column_sizes_on(t, 1) == sizes{{2, 0}}));
}

BOOST_FIXTURE_TEST_CASE(a_batch_never_mixes_records_with_and_without_timestamps,
                        writer_fixture) {
  // A union of a stream with timestamps and one without feeds one writer.
  auto c = ctx(1, 100);
  channel_writer<int, round_robin_selector> w{c, round_robin_selector{c}};
  record_batch<int> stamped{{1, 2}, {10, 20}};
  record_batch<int> plain{{3}};
  record_batch<int> stamped_again{{4}, {40}};
  w.push(stamped);
  w.push(plain);
  w.push(stamped_again);
  w.flush();
  using sizes = std::vector<std::pair<std::size_t, std::size_t>>;
  BOOST_TEST((column_sizes_on(t, 0) == sizes{{2, 2}, {1, 0}, {1, 1}}));
  BOOST_TEST(records_on(t, 0) == (std::vector<int>{1, 2, 3, 4}));
  BOOST_TEST(timestamps_on(t, 0) == (std::vector<std::int64_t>{10, 20, 40}));
}

BOOST_AUTO_TEST_SUITE_END()
