#pragma once

#include <cstdint>
#include <string_view>

namespace weir::state {

// The keyed-state snapshot file, written by both backends and readable by either, so a job can
// restore at another parallelism or switch backends. All integers little endian.
//
//   magic "WEIRKGS1" (8 bytes), u32 format version
//   header block:  u64 length, payload, u32 crc32(payload)
//     payload: u32 max parallelism, u32 first key group, u32 last key group,
//              varint state count, per state: string name, u8 state_kind, bool ttl,
//              string stored type (state_meta::type, e.g. "int", "std::string -> long")
//   one block per key group first..last, in order:
//     u32 key group, u64 length, payload, u32 crc32(payload)
//     payload: records of varint state index, string key, string value
//
// A record's key is the state_key bytes (no key-group prefix); its value is the stored form
// of ttl_policy. A restore seeks past the blocks of key groups it does not own. Nothing
// follows the last block.
//
// Version 2 added the stored type of each state, so that a state restored under another type
// is an error naming both types. Version 1 files are rejected with a message saying so.
struct snapshot_format {
  static constexpr std::string_view magic = "WEIRKGS1";
  static constexpr std::uint32_t version = 2;
  static constexpr std::string_view file_name = "keyed-state.snapshot";
};

} // namespace weir::state
