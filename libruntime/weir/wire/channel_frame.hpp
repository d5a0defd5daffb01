#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <variant>

#include "weir/error.hpp"
#include "weir/flow/batch.hpp"
#include "weir/flow/control_event.hpp"

namespace weir::flow {
class type_ops;
}

namespace weir::wire {

// What a channel between tasks on different nodes carries: each event is one Cap'n Proto
// message (schemas/channel.capnp, struct ChannelEvent), flattened to bytes that travel as the
// payload of one CAF message. Within a node none of this is used: batches move by pointer.

/// Records on the receiver's input `channel`: `payload` is what type_ops::encode_batch wrote
/// for the edge's record type (the records with weir::codec<T>, then the timestamp column).
struct batch_frame {
  std::uint32_t channel = 0;
  std::uint32_t record_count = 0;
  std::string payload;
};
/// A control event (watermark, idle/active, barrier, cancel barrier, end of stream) on the
/// receiver's input `channel`.
struct control_frame {
  std::uint32_t channel = 0;
  flow::control_event control;
};
/// The receiver grants `batches` more batches on the sender's output `channel`.
struct credit_frame {
  std::uint32_t channel = 0;
  std::uint32_t batches = 0;
};
/// The sender announces itself on the receiver's input `receiver_channel`, to be credited as
/// its output `sender_channel`.
struct open_frame {
  std::uint32_t receiver_channel = 0;
  std::uint32_t sender_channel = 0;
};

using channel_frame = std::variant<batch_frame, control_frame, credit_frame, open_frame>;

/// Largest payload of one batch frame, in bytes: 2^29 - 1, Cap'n Proto's limit for one Data
/// blob. A batch that encodes to more cannot cross nodes (lower the batch size).
inline constexpr std::size_t max_batch_payload_bytes = (std::size_t{1} << 29) - 1;
/// Largest frame decode_frame accepts, in bytes: the largest payload plus the message's
/// framing (segment table, root pointer and two small structs), rounded to words.
inline constexpr std::size_t max_frame_bytes = (std::size_t{1} << 29) + 64;

/// The flat Cap'n Proto bytes of `frame` (a multiple of 8 bytes). Throws weir_exception with
/// errc::wire_error for a batch frame that decode_frame would reject: a payload over
/// max_batch_payload_bytes or a record_count over configuration::batch_size_limit.
[[nodiscard]] std::string encode_frame(const channel_frame& frame);

/// The batch frame of `batch` (records of type `type`) for input `channel`, encoded straight
/// into the Cap'n Proto bytes. Same bytes as encode_frame(batch_frame{...}). Throws
/// weir_exception: errc::invalid_plan if the type has no weir::codec, errc::wire_error as
/// encode_frame does.
[[nodiscard]] std::string encode_batch_frame(std::uint32_t channel, const flow::type_ops& type,
                                             const flow::batch_base& batch);

/// The frame in `bytes`; errc::wire_error (never a crash, never an exception) if they are
/// not exactly one complete, valid ChannelEvent: empty, truncated, garbage, bytes after the
/// message's end, an unknown event kind or control kind, or larger than a batch may be (over
/// max_frame_bytes, or more records than configuration::batch_size_limit). `bytes` need not be
/// aligned (unaligned bytes are copied once). A batch's payload is copied, not decoded.
[[nodiscard]] std::variant<channel_frame, error> decode_frame(std::string_view bytes);

/// decode_frame for a receiving task: a batch's records are decoded straight out of the
/// message (no copy of the payload) as `input_types[channel]` into `records`, and the returned
/// batch_frame's payload is empty. A channel beyond `input_types` (or without a type) is an
/// error; `task` names the receiving task in errors ("Map (1/2)").
[[nodiscard]] std::variant<channel_frame, error>
decode_frame_for(std::string_view bytes, std::span<const flow::type_ops* const> input_types,
                 std::string_view task, flow::batch_ptr& records);

/// Decodes the records of a batch frame's payload as `type`; errc::wire_error naming the
/// type and `channel_name` if they do not decode (a record type without a matching codec on
/// the sender, or damaged bytes), or if the count differs from `record_count`.
[[nodiscard]] std::variant<flow::batch_ptr, error>
decode_batch_payload(const batch_frame& frame, const flow::type_ops& type,
                     std::string_view channel_name);

} // namespace weir::wire
