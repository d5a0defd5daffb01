@0xb6a1f3c2d4e50718;

# What crosses between two nodes on a channel between tasks. Within one process batches move
# by pointer and none of this is used; between nodes each ChannelEvent is one flat message, the
# payload of one actor message (libruntime/weir/wire/channel_frame.hpp encodes and decodes it).
# Both nodes run the same Weir build: nothing here was ever deployed, so the numbering follows
# the code, not history.

using Cxx = import "/capnp/c++.capnp";
$Cxx.namespace("weir::wire");

# The records of one batch on the receiver's input channel. `payload` is one blob: what
# flow::type_ops::encode_batch wrote for the edge's record type, i.e. the records encoded with
# weir::codec<T> (a varint count, then each record), then the timestamp column (a varint count,
# 0 for a stream without event time or one per record, then 8 bytes each). One blob instead of
# a list of records: no per-record pointer, and the receiver decodes it in one pass.
struct RecordBatch {
  channel @0 :UInt32;       # the receiver's input channel
  recordCount @1 :UInt32;   # records in `payload`, checked when it is decoded
  payload @2 :Data;
}

# What a Control event means; mirrors flow::control_event::kind value for value.
enum ControlKind {
  watermark @0;             # event time on the channel has reached `value` (ms)
  watermarkIdle @1;         # the channel's source is idle: leave it out of the minimum
  watermarkActive @2;       # the channel is active again
  barrier @3;               # checkpoint barrier; `value` = id, bit 62 set for an aligned one
  cancelBarrier @4;         # checkpoint `value` was aborted: stop aligning it
  endOfStream @5;           # nothing follows on this channel
}

# A control event on the receiver's input channel, in order with the batches around it.
# `value` is flow::control_event::raw_value(): the watermark's time, the barrier's checkpoint
# (with its aligned flag), 0 for the others.
struct Control {
  channel @0 :UInt32;       # the receiver's input channel
  kind @1 :ControlKind;
  value @2 :Int64;
}

# The receiver grants `batches` more batches on the sender's output channel.
struct Credit {
  channel @0 :UInt32;       # the sender's output channel
  batches @1 :UInt32;
}

# The sender announces itself on the receiver's input channel, to be credited as its output
# channel `senderChannel`.
struct OpenChannel {
  receiverChannel @0 :UInt32;
  senderChannel @1 :UInt32;
}

# One message on a channel, in order with the others.
struct ChannelEvent {
  union {
    batch @0 :RecordBatch;
    control @1 :Control;
    credit @2 :Credit;
    open @3 :OpenChannel;
  }
}
