#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "weir/flow/key_group.hpp"
#include "weir/state/result.hpp"
#include "weir/state/state_meta.hpp"

namespace weir::state {

/// What an incremental RocksDB checkpoint of one backend instance holds (the counterpart of
/// Flink's IncrementalRemoteKeyedStateHandle): the files of a RocksDB checkpoint of its
/// database, each with size and CRC-32, the states (one column family each) and the key
/// groups. The files lie next to the listing in the snapshot directory; SST files unchanged
/// since an earlier checkpoint of the same instance are hard links to that checkpoint's copy,
/// so they take no space twice and vanish with the last checkpoint linking them. Written
/// last, so a directory with a listing is complete. Plain value; any thread.
//
// File format (little endian): magic "WEIRRIS1", u32 version, u64 payload length, payload,
// u32 crc32(payload). Payload: u32 max parallelism, u32 first and last key group, u32 state
// count, per state: string name, u8 state_kind, u8 ttl, string type; u32 file count, per
// file: string name, u64 size, u32 crc32, u8 shared (1 = SST, 0 = a private file: MANIFEST,
// CURRENT, OPTIONS, WAL), u8 reused (1 = linked from an earlier checkpoint). Strings are u32
// length and bytes.
struct rocksdb_incremental_listing {
  static constexpr std::string_view magic = "WEIRRIS1";
  static constexpr std::uint32_t version = 1;
  static constexpr std::string_view file_name = "rocksdb-incremental.listing";

  struct file {
    std::string name;
    std::uint64_t size = 0;
    std::uint32_t crc = 0;
    bool shared = false; ///< an SST file (immutable, shared between checkpoints)
    bool reused = false; ///< linked from an earlier checkpoint rather than written now
  };

  int max_parallelism = 0;
  flow::key_group_range key_groups{};
  std::vector<state_meta> states;
  std::vector<file> files;

  /// Whether `directory` holds an incremental snapshot (a listing) rather than Weir's
  /// keyed-state.snapshot.
  [[nodiscard]] static bool present_in(const std::filesystem::path& directory);

  /// Reads and checks the listing in `directory`; errors name the file.
  [[nodiscard]] static result<rocksdb_incremental_listing>
  read(const std::filesystem::path& directory);

  /// Writes the listing into `directory` atomically (a temporary file renamed); returns its
  /// size in bytes.
  [[nodiscard]] result<std::uint64_t> write(const std::filesystem::path& directory) const;

  /// Sum of the sizes of the SST files, and of those written by this checkpoint (not reused).
  [[nodiscard]] std::uint64_t shared_bytes() const noexcept;
  [[nodiscard]] std::uint64_t new_bytes() const noexcept;
};

} // namespace weir::state
