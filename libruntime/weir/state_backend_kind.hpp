#pragma once

namespace weir {

/// Where keyed state lives (Flink's state backends): on the task's heap, or in one RocksDB
/// instance per task in a local directory.
enum class state_backend_kind { heap, rocksdb };

} // namespace weir
