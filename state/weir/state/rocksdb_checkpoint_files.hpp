#pragma once

#include <cstdint>
#include <filesystem>

#include "weir/state/result.hpp"
#include "weir/state/rocksdb_incremental_listing.hpp"

namespace weir::state {

/// File moves of incremental RocksDB checkpoints: placing a file in a checkpoint (a hard link
/// when the filesystem allows, else a copy) and assembling a database directory from a
/// checkpoint's listing with every file checked. Free functions; any thread.
namespace rocksdb_checkpoint_files {

struct file_info {
  std::uint64_t size = 0;
  std::uint32_t crc = 0;
};

/// Size and CRC-32 of the file at `path`.
[[nodiscard]] result<file_info> checksum(const std::filesystem::path& path);

/// Makes `to` a hard link to `from` (only if `link`), falling back to a copy written under a
/// temporary name and renamed, so that `to` never holds a partial file. A `to` that exists is
/// replaced.
[[nodiscard]] result<void> place(const std::filesystem::path& from,
                                 const std::filesystem::path& to, bool link);

/// Fills the empty directory `to` with the files `listing` names from the checkpoint
/// directory `from`: SST files hard-linked (they are immutable; RocksDB only ever unlinks
/// them), the others copied (RocksDB rewrites them). Every file is checked against the size
/// and checksum the listing records; a missing or damaged file is an error naming it.
[[nodiscard]] result<void> assemble(const rocksdb_incremental_listing& listing,
                                    const std::filesystem::path& from,
                                    const std::filesystem::path& to);

} // namespace rocksdb_checkpoint_files

} // namespace weir::state
