#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "window/window_options.hpp"
#include "window/window_record.hpp"

namespace weir::window {

/// One output row: `key,window_start,window_end,fire_index,result`.
struct window_row {
  std::string key;
  std::int64_t start = 0;
  std::int64_t end = 0;
  std::int64_t fire_index = 0;
  double result = 0;
  bool operator==(const window_row&) const = default;
};

/// The firings in emission order, numbered and sorted as the contract says: fire_index counts
/// the earlier firings of the same (key, window) (a late firing increments it); count windows
/// number each key's firings from 0 and print that number as start, end and fire_index. Rows
/// are sorted by (key, start, end, fire_index).
///
/// Numbering happens here, after the job, rather than in per-window state: the job runs at
/// parallelism 1 with punctuated watermarks, so the emission order of one (key, window) is its
/// firing order, and a (key, window) never comes back once cleaned up (its records would be
/// late). Per-window state would do the same for time windows but not for sessions, whose
/// windows change under merging (Flink refuses per-window state for merging windows).
[[nodiscard]] std::vector<window_row> number_firings(assigner_kind assigner,
                                                     const std::vector<window_firing>& firings);

/// The shortest text that reads back as the same double (std::to_chars).
[[nodiscard]] std::string format_double(double value);
/// `key,window_start,window_end,fire_index,result`
[[nodiscard]] std::string to_csv(const window_row& row);
/// `key,timestamp_ms,value`, the value as format_double.
[[nodiscard]] std::string to_csv(const window_record& record);

} // namespace weir::window
