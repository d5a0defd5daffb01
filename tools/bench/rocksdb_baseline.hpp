#pragma once

#include "bench/state_options.hpp"
#include "bench/state_run.hpp"

namespace weir::bench {

/// The RocksDB backend's baseline: the state workload as bare RocksDB Get and Put of the bytes
/// the backend stores (key `[key group, 2 bytes big endian][0x08][int64 little endian][0x00]`,
/// value the 8 bytes of the double), in a column family of a database opened with the options
/// the backend sets (block cache, write buffer size and number, background threads, WAL off),
/// in a fresh directory under the backend's parent directory, removed afterwards.
///
/// The only file outside state/ that includes RocksDB headers: the benchmark's reference is
/// RocksDB without Weir.
[[nodiscard]] state_run run_rocksdb_baseline(const state_options& options);

} // namespace weir::bench
