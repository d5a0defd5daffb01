#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "weir/error.hpp"
#include "window/record_parser.hpp"
#include "window/window_options.hpp"
#include "window/window_record.hpp"

namespace weir::window {

/// What one run of the window job produced.
struct window_job_result {
  /// Every firing, in emission order (deterministic: one source, parallelism 1, a watermark
  /// right after the record that raised it).
  std::vector<window_firing> firings;
  /// Records too late for every window they belong to, in arrival order.
  std::vector<window_record> late;
  /// The first malformed line: the job stopped there and its firings are incomplete.
  std::optional<malformed_line> malformed;
  /// Why the job failed otherwise (I/O, a bug); firings are incomplete.
  std::optional<error> failure;
  /// Lines read (including a header and blank lines).
  std::uint64_t lines = 0;
};

/// Runs weir-window's job on the embedded mini cluster over the rows of `fd` (a file or
/// stdin, not closed), `options` validated:
///
///   line_source(fd) ─► assign_timestamps_and_watermarks(punctuated: max_ts − bound − 1
///     after every record, when it rises) ─► key_by(key) ─► window(assigner)
///     [.trigger(purging_trigger::of(event_time_trigger))] .allowed_lateness(L)
///     .side_output_late_data(late) .aggregate(value_aggregate, to_firing) ─► collect
///                                                        └─ late ─► collect
///
/// All at parallelism 1. The end of input is the final watermark at +infinity, so every
/// time window fires; count windows do not fire for an incomplete count.
[[nodiscard]] window_job_result run_window_job(const window_options& options, int fd);

} // namespace weir::window
