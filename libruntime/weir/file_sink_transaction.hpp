#pragma once

#include <cstdint>
#include <memory>

#include "weir/codec/codecs.hpp"
#include "weir/flow/part_file.hpp"

namespace weir {

/// One transaction of an exactly_once_file_sink_function: the part file that one parallel
/// instance writes between two checkpoints. The part gets its number with its first record,
/// so a checkpoint interval without records makes no file. Only the identity (subtask, part,
/// whether it has one) is checkpointed; the open file lives only in the writing instance.
struct file_sink_transaction {
  std::int32_t subtask = 0;
  std::uint64_t part = 0;
  bool has_part = false;
  std::shared_ptr<flow::part_file> file; ///< open while the instance writes it, else null
};

template <>
struct codec<file_sink_transaction> {
  static constexpr std::size_t min_encoded_size = 4 + 8 + 1;
  static void encode(byte_writer& out, const file_sink_transaction& t) {
    out.write(t.subtask);
    out.write(t.part);
    out.write(t.has_part);
  }
  static void decode(byte_reader& in, file_sink_transaction& t) {
    in.read(t.subtask) && in.read(t.part) && in.read(t.has_part);
  }
};

} // namespace weir
