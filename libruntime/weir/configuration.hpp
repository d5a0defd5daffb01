#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "weir/error.hpp"
#include "weir/state_backend_kind.hpp"

namespace weir {

/// Settings of one environment (Flink's ExecutionConfig and network options in one place).
/// Every field has a unit and a default; `validate()` checks them before a job runs.
struct configuration {
  /// Parallelism of operators that do not set their own. Default: 1. Must be >= 1.
  int parallelism = 1;
  /// Number of key groups, the upper bound for the parallelism of keyed operators and the unit
  /// of state redistribution. Default: 128 (Flink's lower default). Range 1..32768.
  int max_parallelism = 128;
  /// Records per batch that crosses a mailbox. Default: 1024. Must be >= 1.
  std::size_t batch_size = 1024;
  /// Longest time a non-empty, non-full batch waits before it is sent, in milliseconds
  /// (Flink's buffer timeout). 0 flushes after every record. Default: 100 ms.
  std::chrono::milliseconds buffer_timeout{100};
  /// Batches a receiver lets one sender have in flight per channel. Bounds memory: a channel
  /// holds at most credits_per_channel * batch_size records. Default: 4. Must be >= 1.
  std::uint32_t credits_per_channel = 4;
  /// Scheduler threads of the embedded mini cluster. 0 = number of cores. Default: 0.
  std::size_t worker_threads = 0;
  /// Where keyed state lives. Default: heap.
  state_backend_kind state_backend = state_backend_kind::heap;
  /// Parent directory of the RocksDB instances (one per task, removed when the task ends).
  /// Empty = `<system temp dir>/weir-rocksdb`. Default: empty.
  std::string state_dir;

  /// Checks every field; the error names the field and the accepted range.
  [[nodiscard]] std::optional<error> validate() const;
};

} // namespace weir
