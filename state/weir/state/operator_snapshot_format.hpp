#pragma once

#include <cstdint>
#include <string_view>

namespace weir::state {

// The operator-state snapshot file of one operator instance. Framed like the keyed-state
// file (snapshot_format): a magic, a version, then checksummed blocks. All integers
// little endian.
//
//   magic "WEIROPS1" (8 bytes), u32 format version
//   header block:  u64 length, payload, u32 crc32(payload)
//     payload: u32 subtask index, u32 parallelism,
//              varint state count, per state: string name, u8 operator_state_mode
//   one block per state, in header order: u64 length, payload, u32 crc32(payload)
//     payload: varint entry count, per entry: string key, string value
//
// A list element is an entry with an empty key and the element's codec bytes as value; a
// broadcast map entry has the codec bytes of the map key and of the value.
struct operator_snapshot_format {
  static constexpr std::string_view magic = "WEIROPS1";
  static constexpr std::uint32_t version = 1;
  static constexpr std::string_view file_name = "operator-state.snapshot";
};

} // namespace weir::state
