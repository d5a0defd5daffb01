#include "weir/wire/channel_frame.hpp"

#include <cstdint>
#include <bit>
#include <cstring>
#include <string>
#include <utility>
#include <variant>

#include <capnp/any.h>
#include <capnp/message.h>
#include <capnp/serialize.h>
#include <kj/exception.h>
#include <kj/io.h>

#include "weir/configuration.hpp"
#include "weir/flow/type_ops.hpp"
#include "weir/wire/channel.capnp.h"

namespace weir::wire {

namespace {

using kind = flow::control_event::kind;

// The schema's ControlKind mirrors control_event::kind value for value, so a cast converts.
static_assert(static_cast<unsigned>(ControlKind::WATERMARK)
              == static_cast<unsigned>(kind::watermark));
static_assert(static_cast<unsigned>(ControlKind::WATERMARK_IDLE)
              == static_cast<unsigned>(kind::watermark_idle));
static_assert(static_cast<unsigned>(ControlKind::WATERMARK_ACTIVE)
              == static_cast<unsigned>(kind::watermark_active));
static_assert(static_cast<unsigned>(ControlKind::BARRIER) == static_cast<unsigned>(kind::barrier));
static_assert(static_cast<unsigned>(ControlKind::CANCEL_BARRIER)
              == static_cast<unsigned>(kind::cancel_barrier));
static_assert(static_cast<unsigned>(ControlKind::END_OF_STREAM)
              == static_cast<unsigned>(kind::end_of_stream));

constexpr std::size_t word_bytes = sizeof(capnp::word);
static_assert(word_bytes == 8);

// Words of a message besides a batch's payload: the root pointer, ChannelEvent (one data word
// for the discriminant, one pointer) and the member struct (at most two data words, at most one
// pointer). Control is the largest small frame: 1 + 2 + 2 words.
constexpr unsigned framing_words = 5;

// A thread's encode scratch keeps at most this much capacity between batches, so that one huge
// batch does not pin its memory for the thread's lifetime: 4 MiB, enough for 65536 records of
// 64 bytes.
constexpr std::size_t scratch_keep_bytes = std::size_t{4} << 20;

std::string& encode_scratch() {
  thread_local std::string scratch;
  return scratch;
}

// The flat bytes of `message`: the segment table, then the segments. One copy, straight into
// the string's buffer (computeSerializedSizeInWords sizes it exactly).
std::string flatten(capnp::MessageBuilder& message) {
  std::string out(capnp::computeSerializedSizeInWords(message) * word_bytes, '\0');
  kj::ArrayOutputStream stream(
    kj::arrayPtr(reinterpret_cast<kj::byte*>(out.data()), out.size()));
  capnp::writeMessage(stream, message);
  return out;
}

void check_batch_limits(std::size_t record_count, std::size_t payload_bytes) {
  if (record_count > configuration::batch_size_limit)
    throw weir_exception(error{
      errc::wire_error, "a batch of " + std::to_string(record_count)
                          + " records cannot cross nodes: a batch holds at most "
                          + std::to_string(configuration::batch_size_limit) + " records"});
  if (payload_bytes > max_batch_payload_bytes)
    throw weir_exception(error{
      errc::wire_error, "a batch of " + std::to_string(record_count) + " records encodes to "
                          + std::to_string(payload_bytes)
                          + " bytes, more than the 512 MiB a channel message may carry: lower "
                            "the batch size (environment::set_batch_size)"});
}

std::string encode_batch_message(std::uint32_t channel, std::uint32_t record_count,
                                 std::string_view payload) {
  const auto payload_words = (payload.size() + word_bytes - 1) / word_bytes;
  const auto segment_words = framing_words + payload_words;
  // The message is built in place in the result: its one segment starts after the 8-byte
  // segment table (the string's buffer is 16-byte aligned, so the segment is word aligned),
  // which is filled in once the segment's size is known. One copy of the payload, and the one
  // zero fill Cap'n Proto needs of a segment. FlatMessageBuilder, as the size is known
  // exactly: MallocMessageBuilder would zero a segment it was given when it is destroyed, i.e.
  // the result.
  std::string out((1 + segment_words) * word_bytes, '\0');
  auto* first = reinterpret_cast<capnp::word*>(out.data() + word_bytes);
  capnp::FlatMessageBuilder message(kj::arrayPtr(first, segment_words));
  auto batch = message.initRoot<ChannelEvent>().initBatch();
  batch.setChannel(channel);
  batch.setRecordCount(record_count);
  auto data = batch.initPayload(static_cast<unsigned>(payload.size()));
  if (!payload.empty())
    std::memcpy(data.begin(), payload.data(), payload.size());
  auto segments = message.getSegmentsForOutput();
  if (segments.size() != 1 || segments[0].begin() != first)
    throw weir_exception(error{errc::internal, "a batch frame did not fit the segment sized "
                                              "for it"});
  static_assert(std::endian::native == std::endian::little,
                "the segment table is written as native integers");
  const auto used = static_cast<std::uint32_t>(segments[0].size());
  const std::uint32_t table[2] = {0, used}; // segment count - 1, segment size in words
  std::memcpy(out.data(), table, sizeof table);
  out.resize((1 + used) * word_bytes);
  return out;
}

template <class Fill>
std::string encode_small_message(Fill&& fill) {
  // A small frame fits in a zeroed segment on the stack: no allocation besides the result.
  capnp::word space[8]{};
  capnp::MallocMessageBuilder message(kj::arrayPtr(space, 8));
  fill(message.initRoot<ChannelEvent>());
  return flatten(message);
}

constexpr const char* same_build = "; both nodes must run the same Weir build";

error malformed(std::string what) {
  return error{errc::wire_error,
               "a channel message from another node " + std::move(what) + same_build};
}

/// The records of a batch frame, decoded as `type`, or why they do not decode.
std::variant<flow::batch_ptr, error> decode_records(std::uint32_t record_count,
                                                    std::string_view payload,
                                                    const flow::type_ops& type,
                                                    std::string_view channel_name) {
  const auto on_channel = [&] {
    return "a batch on channel '" + std::string{channel_name} + "' ";
  };
  if (!type.can_encode())
    return error{errc::wire_error, on_channel() + "cannot be decoded as " + type.name()
                                     + ": the type has no weir::codec"};
  flow::batch_ptr batch;
  try {
    batch = type.decode_batch(payload);
  } catch (const weir_exception&) {
    // Its message speaks of bytes in general (checkpoint restore decodes batches too); this
    // one names the channel.
    return error{errc::wire_error, on_channel() + "does not decode as records of " + type.name()
                                     + ": the bytes are damaged or the sender's record type "
                                       "differs"
                                     + same_build};
  }
  if (batch->size() != record_count)
    return error{errc::wire_error, on_channel() + "says it holds "
                                     + std::to_string(record_count)
                                     + " records but its payload holds "
                                     + std::to_string(batch->size()) + " records of "
                                     + type.name() + same_build};
  return batch;
}

/// Where a receiving task wants a batch's records: decoded in place from the message.
struct records_target {
  std::span<const flow::type_ops* const> input_types;
  std::string_view task;
  flow::batch_ptr* records = nullptr;
};

std::variant<channel_frame, error> read_event(ChannelEvent::Reader event,
                                              const records_target* target) {
  switch (event.which()) {
    case ChannelEvent::BATCH: {
      auto batch = event.getBatch();
      const auto count = batch.getRecordCount();
      if (count > configuration::batch_size_limit)
        return malformed("carries a batch of " + std::to_string(count)
                         + " records, more than a batch may hold ("
                         + std::to_string(configuration::batch_size_limit) + ")");
      auto payload = batch.getPayload();
      std::string_view bytes{reinterpret_cast<const char*>(payload.begin()), payload.size()};
      if (target == nullptr)
        return channel_frame{batch_frame{batch.getChannel(), count, std::string{bytes}}};
      const auto channel = batch.getChannel();
      const auto* type =
        channel < target->input_types.size() ? target->input_types[channel] : nullptr;
      if (type == nullptr)
        return error{errc::wire_error, "task '" + std::string{target->task}
                                         + "' received records on input channel "
                                         + std::to_string(channel) + ", which it does not have"
                                         + same_build};
      auto records = decode_records(count, bytes, *type,
                                    "input channel " + std::to_string(channel) + " of task '"
                                      + std::string{target->task} + "'");
      if (auto* err = std::get_if<error>(&records))
        return *err;
      *target->records = std::move(std::get<flow::batch_ptr>(records));
      return channel_frame{batch_frame{channel, count, {}}};
    }
    case ChannelEvent::CONTROL: {
      auto control = event.getControl();
      const auto raw = static_cast<unsigned>(control.getKind());
      if (raw > static_cast<unsigned>(kind::end_of_stream))
        return malformed("carries a control event of unknown kind " + std::to_string(raw));
      return channel_frame{control_frame{
        control.getChannel(),
        flow::control_event::from_raw(static_cast<kind>(raw), control.getValue())}};
    }
    case ChannelEvent::CREDIT: {
      auto credit = event.getCredit();
      return channel_frame{credit_frame{credit.getChannel(), credit.getBatches()}};
    }
    case ChannelEvent::OPEN: {
      auto open = event.getOpen();
      return channel_frame{open_frame{open.getReceiverChannel(), open.getSenderChannel()}};
    }
  }
  return malformed("is an event of unknown kind "
                   + std::to_string(static_cast<unsigned>(event.which())));
}

} // namespace

std::string encode_frame(const channel_frame& frame) {
  struct visitor {
    std::string operator()(const batch_frame& f) const {
      check_batch_limits(f.record_count, f.payload.size());
      return encode_batch_message(f.channel, f.record_count, f.payload);
    }
    std::string operator()(const control_frame& f) const {
      return encode_small_message([&](ChannelEvent::Builder event) {
        auto control = event.initControl();
        control.setChannel(f.channel);
        control.setKind(static_cast<ControlKind>(f.control.what()));
        control.setValue(f.control.raw_value());
      });
    }
    std::string operator()(const credit_frame& f) const {
      return encode_small_message([&](ChannelEvent::Builder event) {
        auto credit = event.initCredit();
        credit.setChannel(f.channel);
        credit.setBatches(f.batches);
      });
    }
    std::string operator()(const open_frame& f) const {
      return encode_small_message([&](ChannelEvent::Builder event) {
        auto open = event.initOpen();
        open.setReceiverChannel(f.receiver_channel);
        open.setSenderChannel(f.sender_channel);
      });
    }
  };
  return std::visit(visitor{}, frame);
}

std::string encode_batch_frame(std::uint32_t channel, const flow::type_ops& type,
                               const flow::batch_base& batch) {
  if (!type.can_encode())
    throw weir_exception(error{errc::invalid_plan,
                               std::string{"records of type "} + type.name()
                                 + " cannot cross nodes: the type has no weir::codec "
                                   "(specialize weir::codec for it, see weir/codec/codec.hpp)"});
  auto& payload = encode_scratch();
  payload.clear();
  type.encode_batch(batch, payload);
  check_batch_limits(batch.size(), payload.size());
  auto out = encode_batch_message(channel, static_cast<std::uint32_t>(batch.size()), payload);
  if (payload.capacity() > scratch_keep_bytes)
    std::string{}.swap(payload);
  return out;
}

namespace {

std::variant<channel_frame, error> decode(std::string_view bytes, const records_target* target) {
  if (bytes.empty())
    return malformed("is empty");
  if (bytes.size() % word_bytes != 0)
    return malformed("has " + std::to_string(bytes.size())
                     + " bytes, not a multiple of 8: it is truncated or not a Cap'n Proto "
                       "message");
  if (bytes.size() > max_frame_bytes)
    return malformed("has " + std::to_string(bytes.size()) + " bytes, more than a batch may ("
                     + std::to_string(max_frame_bytes) + ")");
  // Cap'n Proto reads words in place, so it needs 8-byte alignment. A CAF message's payload
  // usually has it (the allocator aligns strings' buffers); only when not, copy once.
  const auto size_in_words = bytes.size() / word_bytes;
  kj::Array<capnp::word> aligned_copy;
  kj::ArrayPtr<const capnp::word> words;
  if (reinterpret_cast<std::uintptr_t>(bytes.data()) % alignof(capnp::word) == 0) {
    words = kj::arrayPtr(reinterpret_cast<const capnp::word*>(bytes.data()), size_in_words);
  } else {
    aligned_copy = kj::heapArray<capnp::word>(size_in_words);
    std::memcpy(aligned_copy.begin(), bytes.data(), bytes.size());
    words = aligned_copy.asPtr();
  }
  // Each object is read once, so a valid message traverses no more words than it has (capnp
  // 0.9 charges exactly its size, segment table included, for a batch frame); a limit at its
  // size plus a little slack stops pointer tricks that make a small message look large, without
  // failing valid messages when a reader touches an object twice. The nesting is ChannelEvent,
  // its member, a Data blob.
  constexpr std::size_t traversal_slack_words = 16;
  capnp::ReaderOptions options;
  options.traversalLimitInWords = size_in_words + traversal_slack_words;
  options.nestingLimit = 8;
  try {
    capnp::FlatArrayMessageReader reader(words, options);
    if (reader.getEnd() != words.end())
      return malformed("has "
                       + std::to_string((words.end() - reader.getEnd()) * word_bytes)
                       + " bytes after the end of its message (two messages in one, or garbage)");
    // A null root reads as a default ChannelEvent, i.e. an empty batch on channel 0: capnp
    // accepts it, but no encoder writes it.
    auto root = reader.getRoot<capnp::AnyPointer>();
    if (root.isNull())
      return malformed("holds no event (its root pointer is null)");
    return read_event(root.getAs<ChannelEvent>(), target);
  } catch (const kj::Exception& e) {
    std::string what{e.getDescription().cStr()};
    while (!what.empty() && (what.back() == '.' || what.back() == ' '))
      what.pop_back();
    return malformed("is truncated or malformed: " + what);
  }
}

} // namespace

std::variant<channel_frame, error> decode_frame(std::string_view bytes) {
  return decode(bytes, nullptr);
}

std::variant<channel_frame, error>
decode_frame_for(std::string_view bytes, std::span<const flow::type_ops* const> input_types,
                 std::string_view task, flow::batch_ptr& records) {
  records_target target{input_types, task, &records};
  return decode(bytes, &target);
}

std::variant<flow::batch_ptr, error> decode_batch_payload(const batch_frame& frame,
                                                          const flow::type_ops& type,
                                                          std::string_view channel_name) {
  return decode_records(frame.record_count, frame.payload, type, channel_name);
}

} // namespace weir::wire
