#pragma once

#include <filesystem>
#include <memory>
#include <vector>

#include "weir/state/keyed_state_backend.hpp"
#include "weir/state/rocksdb_backend_options.hpp"
#include "weir/state/rocksdb_column.hpp"

namespace weir::state {

struct rocksdb_incremental_listing;

/// Keeps keyed state in a RocksDB database of its own (Flink's EmbeddedRocksDBStateBackend),
/// for state larger than memory: a column family per state, keys `[key group, 2 bytes big
/// endian][state_key][map key]`, so a key-group range is one contiguous scan; values are
/// encoded with weir::codec on every access. The database lives in a fresh directory in this
/// process's directory under rocksdb_backend_options::directory (process_directory, which
/// reclaims the directories of killed processes) and is deleted with the backend. A full
/// snapshot (snapshot_sync, savepoints) takes a RocksDB snapshot synchronously and scans it
/// in the job into Weir's format. A checkpoint (snapshot_incremental_sync) is incremental, as
/// Flink's RocksIncrementalSnapshotStrategy: synchronously a flush and a RocksDB checkpoint
/// (hard links), in the job its SST files placed in the snapshot directory, each one this
/// instance's previous checkpoint already holds as a hard link to that copy (so unchanged
/// files take no space twice and disappear with the last checkpoint holding them), plus the
/// small MANIFEST/CURRENT/OPTIONS files and a rocksdb_incremental_listing. Restore reads both
/// kinds; an incremental snapshot of exactly this instance's key groups becomes the database
/// itself (linked, then opened), others are opened read-only and their owned key groups
/// copied. Task thread only (the job aside).
class rocksdb_keyed_state_backend final : public keyed_state_backend {
public:
  static result<std::unique_ptr<rocksdb_keyed_state_backend>>
  open(const keyed_state_backend_config& config, const rocksdb_backend_options& options);

  ~rocksdb_keyed_state_backend() override;

  [[nodiscard]] snapshot_job snapshot_sync(std::filesystem::path directory) override;
  [[nodiscard]] snapshot_job snapshot_incremental_sync(std::filesystem::path directory) override;
  result<void> restore(const std::vector<std::filesystem::path>& directories) override;
  [[nodiscard]] std::vector<state_meta> states() const override;

  /// The column family of a state, created if missing; fails if it holds restored state of
  /// another kind, type or TTL setting (or, when restoring entries of snapshot file
  /// `restored_from`, if the state was declared otherwise).
  result<rocksdb_column*> column(const state_meta& meta,
                                 const std::filesystem::path& restored_from = {});

  /// Directory of the database.
  [[nodiscard]] const std::filesystem::path& path() const noexcept;

protected:
  result<void> on_register(registered_state& state) override;

private:
  struct impl;
  class incremental_step;
  // Restore paths of incremental snapshots (the .cpp explains when each applies).
  result<void> adopt(const std::filesystem::path& directory,
                     const rocksdb_incremental_listing& listing);
  result<void> restore_full(const std::vector<std::filesystem::path>& directories);
  result<void> copy_owned(const std::filesystem::path& directory,
                          const rocksdb_incremental_listing& listing);
  rocksdb_keyed_state_backend(const keyed_state_backend_config& config,
                              std::unique_ptr<impl> state);
  std::unique_ptr<impl> impl_;
};

} // namespace weir::state
