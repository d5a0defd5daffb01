#pragma once

#include <cstddef>
#include <filesystem>

namespace weir::state {

/// Options of the RocksDB keyed state backend (one database per operator instance).
struct rocksdb_backend_options {
  /// The state directory (environment::set_state_dir): the instance's database directory is
  /// created fresh in this process's directory under it (`weir-<pid>-<n>/`, see
  /// process_directory) and removed with the backend. Empty means
  /// `<system temp dir>/weir-rocksdb`.
  std::filesystem::path directory;
  /// LRU block cache of the database, in bytes, shared by its column families. Default 64 MiB.
  std::size_t block_cache_bytes = std::size_t{64} << 20;
  /// Memtable size per column family (state), in bytes. Default 16 MiB: many states per task
  /// share memory, so this is below RocksDB's 64 MiB default.
  std::size_t write_buffer_bytes = std::size_t{16} << 20;
  /// Memtables per column family before writes stall. Default 2 (RocksDB's).
  int max_write_buffer_number = 2;
  /// Background flush and compaction threads of the database. Default 1.
  int background_threads = 1;
  /// Whether checkpoints (snapshot_incremental_sync) are incremental: a RocksDB checkpoint of
  /// the database whose SST files unchanged since the instance's previous checkpoint are hard
  /// links to that checkpoint's copy (rocksdb_incremental_listing). False writes Weir's full
  /// snapshot format every time, as savepoints always do. Default true.
  bool incremental_checkpoints = true;
};

} // namespace weir::state
