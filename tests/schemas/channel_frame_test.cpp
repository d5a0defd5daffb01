#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <tuple>
#include <variant>
#include <vector>

#include "weir/codec/codecs.hpp"
#include "weir/configuration.hpp"
#include "weir/flow/type_ops.hpp"
#include "weir/wire/channel_frame.hpp"

namespace {

// An own record type, made encodable by specializing weir::codec.
struct trade {
  std::uint64_t id = 0;
  std::string symbol;
  double price = 0;
  friend bool operator==(const trade&, const trade&) = default;
};

// A record type without a codec: it can run within a node but cannot cross one.
struct local_only {
  int x = 0;
};

} // namespace

template <>
struct weir::codec<trade> {
  static void encode(weir::byte_writer& out, const trade& t) {
    out.write(t.id);
    out.write(t.symbol);
    out.write(t.price);
  }
  static void decode(weir::byte_reader& in, trade& t) {
    in.read(t.id) && in.read(t.symbol) && in.read(t.price);
  }
};

BOOST_TEST_DONT_PRINT_LOG_VALUE(trade)
BOOST_TEST_DONT_PRINT_LOG_VALUE(weir::errc)

namespace {

using namespace weir;
using namespace weir::wire;
using flow::control_event;

channel_frame decoded(std::string_view bytes) {
  auto result = decode_frame(bytes);
  if (auto* err = std::get_if<error>(&result))
    BOOST_FAIL("decode_frame failed: " + err->to_string());
  return std::get<channel_frame>(std::move(result));
}

error decode_error(std::string_view bytes) {
  auto result = decode_frame(bytes);
  BOOST_REQUIRE_MESSAGE(std::holds_alternative<error>(result),
                        "decode_frame accepted " << bytes.size() << " bad bytes");
  return std::get<error>(std::move(result));
}

template <class T>
flow::typed_batch<T> batch_of(std::vector<T> records, std::vector<std::int64_t> timestamps = {}) {
  return flow::typed_batch<T>{std::move(records), std::move(timestamps)};
}

// Sends `batch` through encode_batch_frame, decode_frame and decode_batch_payload.
template <class T>
const flow::typed_batch<T>& round_trip(const flow::typed_batch<T>& batch, flow::batch_ptr& keep,
                                       std::uint32_t channel = 7) {
  const auto& type = flow::type_ops_of<T>();
  auto frame = decoded(encode_batch_frame(channel, type, batch));
  BOOST_REQUIRE(std::holds_alternative<batch_frame>(frame));
  const auto& b = std::get<batch_frame>(frame);
  BOOST_TEST(b.channel == channel);
  BOOST_TEST(b.record_count == batch.size());
  auto records = decode_batch_payload(b, type, "map[0] -> sink[1]");
  if (auto* err = std::get_if<error>(&records))
    BOOST_FAIL("decode_batch_payload failed: " + err->to_string());
  keep = std::get<flow::batch_ptr>(std::move(records));
  return static_cast<const flow::typed_batch<T>&>(*keep);
}

template <class T>
std::string payload_of(const flow::typed_batch<T>& batch) {
  std::string out;
  flow::type_ops_of<T>().encode_batch(batch, out);
  return out;
}

// A control frame with a recognisable channel, so tests can find its fields in the bytes.
constexpr std::uint32_t marker_channel = 0xA1B2C3D4;

std::size_t find_marker(const std::string& bytes) {
  const char marker[] = {'\xD4', '\xC3', '\xB2', '\xA1'}; // little endian
  auto at = bytes.find(std::string_view{marker, 4});
  BOOST_REQUIRE(at != std::string::npos);
  return at;
}

std::vector<std::string> sample_messages() {
  std::vector<std::string> out;
  out.push_back(encode_frame(control_frame{3, control_event::watermark(event_time{12345})}));
  out.push_back(encode_frame(control_frame{1, control_event::barrier(checkpoint_id{9}, true)}));
  out.push_back(encode_frame(credit_frame{2, 4}));
  out.push_back(encode_frame(open_frame{5, 6}));
  out.push_back(encode_batch_frame(0, flow::type_ops_of<std::uint64_t>(),
                                   batch_of<std::uint64_t>({1, 2, 3}, {10, 20, 30})));
  out.push_back(encode_batch_frame(
    1, flow::type_ops_of<std::string>(), batch_of<std::string>({"alpha", "", "gamma delta"})));
  out.push_back(encode_batch_frame(
    2, flow::type_ops_of<trade>(),
    batch_of<trade>({{1, "ACME", 1.5}, {2, "INIT", -3.25}}, {100, 200})));
  return out;
}

// Decodes the payload of any batch frame the bytes turn out to hold, as each sample's type:
// whatever comes back, nothing may crash.
void decode_payload_every_way(const channel_frame& frame) {
  const auto* b = std::get_if<batch_frame>(&frame);
  if (b == nullptr)
    return;
  (void)decode_batch_payload(*b, flow::type_ops_of<std::uint64_t>(), "fuzz");
  (void)decode_batch_payload(*b, flow::type_ops_of<std::string>(), "fuzz");
  (void)decode_batch_payload(*b, flow::type_ops_of<trade>(), "fuzz");
}

} // namespace

BOOST_AUTO_TEST_SUITE(channel_frame_test)

BOOST_AUTO_TEST_CASE(every_control_event_kind_survives_a_round_trip) {
  const std::vector<control_event> events{
    control_event::watermark(event_time{0}),
    control_event::watermark(event_time{1'700'000'000'000}),
    control_event::watermark(event_time{std::numeric_limits<std::int64_t>::min()}),
    control_event::watermark(event_time{std::numeric_limits<std::int64_t>::max()}),
    control_event::idle(),
    control_event::active(),
    control_event::barrier(checkpoint_id{1}),
    control_event::barrier(checkpoint_id{42}, true),
    control_event::barrier(checkpoint_id{(std::uint64_t{1} << 62) - 1}, true),
    control_event::cancel_barrier(checkpoint_id{17}),
    control_event::end_of_stream(),
  };
  for (const auto& event : events) {
    BOOST_TEST_CONTEXT(event.to_string()) {
      auto frame = decoded(encode_frame(control_frame{11, event}));
      BOOST_REQUIRE(std::holds_alternative<control_frame>(frame));
      const auto& c = std::get<control_frame>(frame);
      BOOST_TEST(c.channel == 11u);
      BOOST_TEST((c.control == event));
      BOOST_TEST(c.control.to_string() == event.to_string());
      BOOST_TEST(c.control.forces_alignment() == event.forces_alignment());
    }
  }
}

BOOST_AUTO_TEST_CASE(credit_and_open_frames_survive_a_round_trip) {
  auto credit = decoded(encode_frame(credit_frame{std::numeric_limits<std::uint32_t>::max(), 4}));
  BOOST_REQUIRE(std::holds_alternative<credit_frame>(credit));
  BOOST_TEST(std::get<credit_frame>(credit).channel == std::numeric_limits<std::uint32_t>::max());
  BOOST_TEST(std::get<credit_frame>(credit).batches == 4u);

  auto open = decoded(encode_frame(open_frame{3, 9}));
  BOOST_REQUIRE(std::holds_alternative<open_frame>(open));
  BOOST_TEST(std::get<open_frame>(open).receiver_channel == 3u);
  BOOST_TEST(std::get<open_frame>(open).sender_channel == 9u);
}

BOOST_AUTO_TEST_CASE(a_raw_batch_frame_survives_a_round_trip_byte_for_byte) {
  for (std::size_t n : {0u, 1u, 7u, 8u, 9u, 1000u}) {
    std::string payload(n, '\0');
    for (std::size_t i = 0; i < n; ++i)
      payload[i] = static_cast<char>(i * 37 + 1);
    auto frame = decoded(encode_frame(batch_frame{5, 3, payload}));
    BOOST_REQUIRE(std::holds_alternative<batch_frame>(frame));
    BOOST_TEST(std::get<batch_frame>(frame).channel == 5u);
    BOOST_TEST(std::get<batch_frame>(frame).record_count == 3u);
    BOOST_TEST(std::get<batch_frame>(frame).payload == payload);
  }
}

BOOST_AUTO_TEST_CASE(frames_are_whole_words) {
  for (const auto& bytes : sample_messages())
    BOOST_TEST(bytes.size() % 8 == 0u);
}

BOOST_AUTO_TEST_CASE(uint64_batches_survive_a_round_trip_with_and_without_timestamps) {
  flow::batch_ptr keep;
  auto plain = batch_of<std::uint64_t>({0, 1, std::numeric_limits<std::uint64_t>::max()});
  const auto& a = round_trip(plain, keep);
  BOOST_TEST(a.records == plain.records);
  BOOST_TEST(a.timestamps.empty());

  auto timed = batch_of<std::uint64_t>({4, 5},
                                       {std::numeric_limits<std::int64_t>::min(), 1'000});
  const auto& b = round_trip(timed, keep);
  BOOST_TEST(b.records == timed.records);
  BOOST_TEST(b.timestamps == timed.timestamps);
}

BOOST_AUTO_TEST_CASE(string_batches_survive_a_round_trip) {
  flow::batch_ptr keep;
  auto batch = batch_of<std::string>({"", "a", std::string(1000, 'x'), std::string("nul\0in", 6)},
                                     {1, 2, 3, 4});
  const auto& out = round_trip(batch, keep);
  BOOST_TEST(out.records == batch.records);
  BOOST_TEST(out.timestamps == batch.timestamps);
}

BOOST_AUTO_TEST_CASE(tuple_and_struct_batches_survive_a_round_trip) {
  flow::batch_ptr keep;
  using row = std::tuple<std::int32_t, std::string, double>;
  auto rows = batch_of<row>({{1, "one", 1.0}, {-2, "minus two", -2.5}});
  const auto& r = round_trip(rows, keep);
  BOOST_TEST((r.records == rows.records));

  auto trades = batch_of<trade>({{7, "ACME", 12.5}, {8, "", 0}}, {100, 99});
  const auto& t = round_trip(trades, keep);
  BOOST_TEST((t.records == trades.records));
  BOOST_TEST(t.timestamps == trades.timestamps);
}

BOOST_AUTO_TEST_CASE(an_empty_batch_survives_a_round_trip) {
  flow::batch_ptr keep;
  const auto& out = round_trip(batch_of<std::uint64_t>({}), keep);
  BOOST_TEST(out.size() == 0u);
  BOOST_TEST(out.timestamps.empty());
}

BOOST_AUTO_TEST_CASE(a_batch_of_the_largest_size_survives_a_round_trip_in_one_segment) {
  std::vector<std::uint64_t> records(configuration::batch_size_limit);
  std::vector<std::int64_t> timestamps(records.size());
  for (std::size_t i = 0; i < records.size(); ++i) {
    records[i] = i * 0x9E3779B97F4A7C15ull;
    timestamps[i] = static_cast<std::int64_t>(i) - 1000;
  }
  auto batch = batch_of(records, timestamps);
  auto bytes = encode_batch_frame(1, flow::type_ops_of<std::uint64_t>(), batch);
  // The segment table's first word: segment count - 1 (0: one segment), then its size.
  std::uint32_t segments_minus_one = 0;
  std::memcpy(&segments_minus_one, bytes.data(), 4);
  BOOST_TEST(segments_minus_one == 0u);

  flow::batch_ptr keep;
  const auto& out = round_trip(batch, keep);
  BOOST_TEST(out.records == records);
  BOOST_TEST(out.timestamps == timestamps);
}

BOOST_AUTO_TEST_CASE(batch_frames_of_any_size_are_one_segment) {
  for (std::size_t n : {0u, 1u, 100u, 1024u, 5000u}) {
    auto bytes = encode_batch_frame(0, flow::type_ops_of<std::string>(),
                                    batch_of(std::vector<std::string>(n, "record")));
    std::uint32_t segments_minus_one = 0;
    std::memcpy(&segments_minus_one, bytes.data(), 4);
    BOOST_TEST(segments_minus_one == 0u, n << " records");
  }
}

BOOST_AUTO_TEST_CASE(encode_batch_frame_writes_the_bytes_of_encode_frame) {
  auto check = [](const auto& batch) {
    using T = typename std::decay_t<decltype(batch.records)>::value_type;
    const auto& type = flow::type_ops_of<T>();
    auto direct = encode_batch_frame(9, type, batch);
    auto framed = encode_frame(
      batch_frame{9, static_cast<std::uint32_t>(batch.size()), payload_of(batch)});
    BOOST_TEST(direct == framed);
  };
  check(batch_of<std::uint64_t>({}));
  check(batch_of<std::uint64_t>({1, 2, 3}, {4, 5, 6}));
  check(batch_of<std::string>({"a", "bc", "def"}));
  check(batch_of<trade>({{1, "X", 2.0}}));
  check(batch_of(std::vector<std::uint64_t>(configuration::batch_size_limit, 3)));
}

BOOST_AUTO_TEST_CASE(decodes_from_an_unaligned_buffer) {
  for (const auto& bytes : sample_messages()) {
    auto expected = decoded(bytes);
    for (std::size_t offset = 1; offset < 8; ++offset) {
      std::vector<char> buffer(bytes.size() + 8);
      std::memcpy(buffer.data() + offset, bytes.data(), bytes.size());
      std::string_view unaligned{buffer.data() + offset, bytes.size()};
      BOOST_TEST_CONTEXT("offset " << offset) {
        auto frame = decoded(unaligned);
        BOOST_TEST(frame.index() == expected.index());
        BOOST_TEST(encode_frame(frame) == bytes);
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(every_truncation_of_a_valid_message_is_an_error) {
  for (const auto& bytes : sample_messages()) {
    for (std::size_t n = 0; n < bytes.size(); ++n) {
      auto err = decode_error(std::string_view{bytes.data(), n});
      BOOST_TEST(err.code() == errc::wire_error);
      BOOST_TEST(err.message().find("both nodes must run the same Weir build")
                 != std::string::npos);
    }
  }
}

BOOST_AUTO_TEST_CASE(a_truncated_message_says_what_capnp_found) {
  auto bytes = sample_messages().back();
  auto err = decode_error(std::string_view{bytes.data(), bytes.size() - 8});
  BOOST_TEST_MESSAGE(err.to_string());
  BOOST_TEST(err.message().find("from another node is truncated or malformed: ")
             != std::string::npos);
}

BOOST_AUTO_TEST_CASE(trailing_bytes_after_a_message_are_an_error) {
  auto bytes = encode_frame(credit_frame{1, 2});
  auto err = decode_error(bytes + bytes);
  BOOST_TEST(err.code() == errc::wire_error);
  BOOST_TEST(err.message().find("after the end of its message") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(empty_and_odd_sized_input_is_an_error) {
  BOOST_TEST(decode_error("").message().find("is empty") != std::string::npos);
  BOOST_TEST(decode_error(std::string(13, '\0')).message().find("not a multiple of 8")
             != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_message_without_an_event_is_an_error) {
  // A valid one-segment message whose root pointer is null (capnp would read defaults).
  std::string bytes(16, '\0');
  bytes[4] = 1;
  auto err = decode_error(bytes);
  BOOST_TEST(err.message().find("holds no event") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(an_unknown_event_kind_is_an_error) {
  auto bytes = encode_frame(control_frame{marker_channel, control_event::idle()});
  // The ChannelEvent struct follows the segment table and the root pointer; its first data
  // bytes hold the union discriminant (1: control). 2 (credit) decodes as a credit, 9 as
  // nothing known.
  BOOST_REQUIRE(bytes[16] == 1);
  bytes[16] = 2;
  BOOST_TEST(std::holds_alternative<credit_frame>(decoded(bytes)));
  bytes[16] = 9;
  auto err = decode_error(bytes);
  BOOST_TEST(err.code() == errc::wire_error);
  BOOST_TEST(err.message().find("an event of unknown kind 9") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(an_unknown_control_kind_is_an_error) {
  auto bytes = encode_frame(control_frame{marker_channel, control_event::idle()});
  // Control's data section: the channel (4 bytes), then the kind (2 bytes).
  const auto kind_at = find_marker(bytes) + 4;
  BOOST_REQUIRE(bytes[kind_at] == static_cast<char>(control_event::kind::watermark_idle));
  bytes[kind_at] = static_cast<char>(control_event::kind::end_of_stream);
  auto frame = decoded(bytes);
  BOOST_TEST(std::get<control_frame>(frame).control.is(control_event::kind::end_of_stream));
  bytes[kind_at] = 6;
  auto err = decode_error(bytes);
  BOOST_TEST(err.code() == errc::wire_error);
  BOOST_TEST(err.message().find("control event of unknown kind 6") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(more_records_than_a_batch_may_hold_is_an_error_on_both_sides) {
  const auto too_many = static_cast<std::uint32_t>(configuration::batch_size_limit + 1);
  try {
    (void)encode_frame(batch_frame{0, too_many, "x"});
    BOOST_FAIL("encode_frame accepted an oversized batch");
  } catch (const weir_exception& e) {
    BOOST_TEST(e.err().code() == errc::wire_error);
  }
  // A sender that did not check: patch the count of a valid frame.
  auto bytes = encode_frame(batch_frame{marker_channel, 3, "abc"});
  const auto count_at = find_marker(bytes) + 4;
  std::memcpy(bytes.data() + count_at, &too_many, 4);
  auto err = decode_error(bytes);
  BOOST_TEST(err.message().find("more than a batch may hold") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(random_byte_flips_never_crash) {
  std::mt19937_64 rng{20261128};
  const auto messages = sample_messages();
  std::size_t decoded_ok = 0;
  std::size_t rejected = 0;
  for (int round = 0; round < 5000; ++round) {
    auto bytes = messages[rng() % messages.size()];
    const int flips = 1 + static_cast<int>(rng() % 3);
    for (int i = 0; i < flips; ++i)
      bytes[rng() % bytes.size()] ^= static_cast<char>(1 + rng() % 255);
    auto result = decode_frame(bytes);
    if (auto* frame = std::get_if<channel_frame>(&result)) {
      ++decoded_ok;
      decode_payload_every_way(*frame);
    } else {
      ++rejected;
      BOOST_TEST(std::get<error>(result).code() == errc::wire_error);
    }
  }
  BOOST_TEST_MESSAGE("byte flips: " << decoded_ok << " decoded, " << rejected << " rejected");
  BOOST_TEST(rejected > 0u);
}

BOOST_AUTO_TEST_CASE(random_garbage_never_crashes) {
  std::mt19937_64 rng{7};
  for (int round = 0; round < 2000; ++round) {
    std::string bytes(8 * (1 + rng() % 16), '\0');
    for (auto& b : bytes)
      b = static_cast<char>(rng());
    // Half the time give it a plausible one-segment table, so that capnp looks further.
    if (round % 2 == 0) {
      const std::uint32_t table[2] = {0, static_cast<std::uint32_t>(bytes.size() / 8 - 1)};
      std::memcpy(bytes.data(), table, 8);
    }
    auto result = decode_frame(bytes);
    if (auto* frame = std::get_if<channel_frame>(&result))
      decode_payload_every_way(*frame);
    else
      BOOST_TEST(std::get<error>(result).code() == errc::wire_error);
  }
}

BOOST_AUTO_TEST_CASE(a_payload_of_another_record_type_is_a_wire_error_naming_the_channel) {
  auto strings = batch_of<std::string>({"a", "b", "c"});
  auto frame = std::get<batch_frame>(
    decoded(encode_batch_frame(4, flow::type_ops_of<std::string>(), strings)));
  auto result = decode_batch_payload(frame, flow::type_ops_of<std::uint64_t>(),
                                     "parse[2] -> count[0]");
  BOOST_REQUIRE(std::holds_alternative<error>(result));
  const auto& err = std::get<error>(result);
  BOOST_TEST_MESSAGE(err.to_string());
  BOOST_TEST(err.code() == errc::wire_error);
  BOOST_TEST(err.message().find("parse[2] -> count[0]") != std::string::npos);
  BOOST_TEST(err.message().find(flow::type_ops_of<std::uint64_t>().name()) != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_record_count_that_differs_from_the_payload_is_an_error) {
  auto frame = std::get<batch_frame>(decoded(encode_batch_frame(
    4, flow::type_ops_of<std::uint64_t>(), batch_of<std::uint64_t>({1, 2, 3}))));
  frame.record_count = 2;
  auto result = decode_batch_payload(frame, flow::type_ops_of<std::uint64_t>(), "a -> b");
  BOOST_REQUIRE(std::holds_alternative<error>(result));
  BOOST_TEST(std::get<error>(result).code() == errc::wire_error);
  BOOST_TEST(std::get<error>(result).message().find("says it holds 2 records but its payload "
                                                    "holds 3")
             != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_receiving_task_decodes_records_straight_out_of_the_frame) {
  const std::vector<const flow::type_ops*> inputs{&flow::type_ops_of<std::string>(),
                                                 &flow::type_ops_of<std::uint64_t>()};
  auto bytes = encode_batch_frame(1, flow::type_ops_of<std::uint64_t>(),
                                  batch_of<std::uint64_t>({7, 8, 9}, {1, 2, 3}));
  flow::batch_ptr records;
  auto result = decode_frame_for(bytes, inputs, "Map (1/2)", records);
  BOOST_REQUIRE(std::holds_alternative<channel_frame>(result));
  const auto& frame = std::get<batch_frame>(std::get<channel_frame>(result));
  BOOST_TEST(frame.channel == 1u);
  BOOST_TEST(frame.payload.empty()); // not copied out
  BOOST_REQUIRE(records != nullptr);
  const auto& got = static_cast<const flow::typed_batch<std::uint64_t>&>(*records);
  BOOST_TEST((got.records == std::vector<std::uint64_t>{7, 8, 9}));
  BOOST_TEST((got.timestamps == std::vector<std::int64_t>{1, 2, 3}));

  // Control frames pass through and leave `records` alone.
  flow::batch_ptr none;
  auto control = decode_frame_for(encode_frame(credit_frame{1, 2}), inputs, "Map (1/2)", none);
  BOOST_TEST(std::holds_alternative<credit_frame>(std::get<channel_frame>(control)));
  BOOST_TEST(none == nullptr);

  // A channel the task does not have, and records of another type, name the task.
  auto beyond = decode_frame_for(
    encode_batch_frame(5, flow::type_ops_of<std::uint64_t>(), batch_of<std::uint64_t>({1})),
    inputs, "Map (1/2)", none);
  BOOST_REQUIRE(std::holds_alternative<error>(beyond));
  BOOST_TEST(std::get<error>(beyond).message().find("task 'Map (1/2)' received records on input "
                                                    "channel 5")
             != std::string::npos);
  auto wrong = decode_frame_for(
    encode_batch_frame(0, flow::type_ops_of<std::uint64_t>(), batch_of<std::uint64_t>({1})),
    inputs, "Map (1/2)", none);
  BOOST_REQUIRE(std::holds_alternative<error>(wrong));
  BOOST_TEST(std::get<error>(wrong).code() == errc::wire_error);
  BOOST_TEST(std::get<error>(wrong).message().find("input channel 0 of task 'Map (1/2)'")
             != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_record_type_without_codec_cannot_cross_nodes) {
  flow::typed_batch<local_only> batch{{local_only{1}}};
  try {
    (void)encode_batch_frame(0, flow::type_ops_of<local_only>(), batch);
    BOOST_FAIL("encode_batch_frame accepted a type without codec");
  } catch (const weir_exception& e) {
    BOOST_TEST(e.err().code() == errc::invalid_plan);
    BOOST_TEST(e.err().message().find(flow::type_ops_of<local_only>().name())
               != std::string::npos);
  }
  auto result = decode_batch_payload(batch_frame{0, 0, ""}, flow::type_ops_of<local_only>(), "x");
  BOOST_TEST(std::holds_alternative<error>(result));
}

BOOST_AUTO_TEST_CASE(reports_bytes_per_record_of_a_uint64_batch) {
  std::vector<std::uint64_t> records(1024);
  for (std::size_t i = 0; i < records.size(); ++i)
    records[i] = i;
  const auto& type = flow::type_ops_of<std::uint64_t>();
  auto plain = encode_batch_frame(0, type, batch_of(records));
  auto timed = encode_batch_frame(0, type, batch_of(records, std::vector<std::int64_t>(1024, 1)));
  const double per_record = static_cast<double>(plain.size()) / 1024;
  const double per_timed_record = static_cast<double>(timed.size()) / 1024;
  BOOST_TEST_MESSAGE("1024 uint64 records: " << plain.size() << " bytes, " << per_record
                                             << " bytes/record; with timestamps "
                                             << timed.size() << " bytes, " << per_timed_record
                                             << " bytes/record");
  // 8 bytes a record, 8 more with a timestamp, and under 64 bytes of framing per batch.
  BOOST_TEST(plain.size() < 1024 * 8 + 64);
  BOOST_TEST(timed.size() < 1024 * 16 + 64);
}

BOOST_AUTO_TEST_SUITE_END()
