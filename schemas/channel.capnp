@0xb6a1f3c2d4e50718;

# What crosses between two nodes on a channel between tasks. Within one process batches move
# by pointer and none of this is used; between nodes the actor layer wraps these structs.

using Cxx = import "/capnp/c++.capnp";
$Cxx.namespace("weir::wire");

# Records of one batch, each encoded by weir::codec<T> of the stream's record type.
struct RecordBatch {
  channel @0 :UInt32;       # the receiver's input channel
  recordCount @1 :UInt32;
  records @2 :List(Data);
}

# The receiver grants `batches` more batches on the sender's output channel.
struct Credit {
  channel @0 :UInt32;
  batches @1 :UInt32;
}

# The sender announces itself on the receiver's input channel.
struct OpenChannel {
  receiverChannel @0 :UInt32;
  senderChannel @1 :UInt32;
}

# Nothing follows on this channel.
struct EndOfStream {
  channel @0 :UInt32;
}

# One message on a channel, in order with the others.
struct ChannelEvent {
  union {
    batch @0 :RecordBatch;
    credit @1 :Credit;
    open @2 :OpenChannel;
    endOfStream @3 :EndOfStream;
  }
}
