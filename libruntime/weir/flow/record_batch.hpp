#pragma once

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace weir::flow {

/// The records of one batch and their event-time timestamps (ms since the epoch), in a parallel
/// column: `timestamps` is empty for a stream without event time, or holds exactly one entry
/// per record, `timestamps[i]` being the timestamp of `records[i]`. Every hop of a chain keeps
/// the two aligned; a stream without timestamps never touches the column, so it pays nothing
/// for it (an empty vector allocates nothing). Owned and used by one task's thread.
template <class T>
struct record_batch {
  record_batch() = default;
  explicit record_batch(std::vector<T> records, std::vector<std::int64_t> timestamps = {})
    : records(std::move(records)), timestamps(std::move(timestamps)) {}

  std::vector<T> records;
  std::vector<std::int64_t> timestamps;

  [[nodiscard]] std::size_t size() const noexcept { return records.size(); }
  [[nodiscard]] bool empty() const noexcept { return records.empty(); }
  /// True if the records carry timestamps.
  [[nodiscard]] bool has_timestamps() const noexcept { return !timestamps.empty(); }
  /// Drops records and timestamps, keeping both capacities.
  void clear() noexcept {
    records.clear();
    timestamps.clear();
  }
  /// Exchanges both columns with `other` (no allocation).
  void swap(record_batch& other) noexcept {
    records.swap(other.records);
    timestamps.swap(other.timestamps);
  }
};

} // namespace weir::flow
