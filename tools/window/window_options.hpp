#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace weir::window {

/// Largest |timestamp_ms| of an input row: 2^62 ms (146 million years).
inline constexpr std::int64_t timestamp_limit = std::int64_t{1} << 62;
/// Largest size, slide, gap, offset, allowed lateness and bound, in ms (or elements): 2^60,
/// so that a window end (timestamp + size) or a watermark (timestamp − bound − 1) of any
/// accepted row fits in 64 bits.
inline constexpr std::int64_t duration_limit = std::int64_t{1} << 60;

/// --assigner: which windows a key's records fall into.
enum class assigner_kind {
  tumbling, ///< tumbling_event_time_windows::of(--size, --offset)
  sliding,  ///< sliding_event_time_windows::of(--size, --slide, --offset)
  session,  ///< event_time_session_windows::with_gap(--gap)
  count,    ///< count_window(--size) or count_window(--size, --slide)
};

/// --aggregate: what a firing reports about the window's values.
enum class aggregate_kind { sum, count, avg, min, max };

[[nodiscard]] std::optional<assigner_kind> parse_assigner(std::string_view name);
[[nodiscard]] std::optional<aggregate_kind> parse_aggregate(std::string_view name);

/// Everything weir-window can vary, as given on the command line: an optional field is a flag
/// that may be absent, so that validate() can tell "not given" from "given as the default".
struct window_options {
  assigner_kind assigner = assigner_kind::tumbling;
  /// --size: window length in ms (tumbling, sliding) or elements (count). Required there.
  std::optional<std::int64_t> size;
  /// --slide: ms between window starts (sliding, required) or elements between firings
  /// (count, optional).
  std::optional<std::int64_t> slide;
  /// --offset: shifts tumbling and sliding window starts, in ms. Default 0.
  std::optional<std::int64_t> offset;
  /// --gap: session gap in ms. Required for session windows.
  std::optional<std::int64_t> gap;
  /// --allowed-lateness-ms: how long after its end an event-time window still takes (and
  /// fires again for) late records. Default 0.
  std::optional<std::int64_t> allowed_lateness_ms;
  /// --bound-ms: out-of-orderness bound of the watermark (max_ts_seen − bound − 1). Default 0.
  std::optional<std::int64_t> bound_ms;
  /// --purging: wrap the event-time trigger in purging_trigger (each firing starts empty).
  bool purging = false;
  aggregate_kind aggregate = aggregate_kind::sum;
  /// --input: CSV rows `key,timestamp_ms,value`; empty or "-" reads stdin.
  std::string input;
  /// --output: where the sorted window rows go; empty or "-" writes stdout.
  std::string output;
  /// --late-output: where records too late for every window go, as `key,timestamp_ms,value`.
  std::optional<std::string> late_output;

  [[nodiscard]] std::int64_t offset_or_default() const noexcept { return offset.value_or(0); }
  [[nodiscard]] std::int64_t lateness_or_default() const noexcept {
    return allowed_lateness_ms.value_or(0);
  }
  [[nodiscard]] std::int64_t bound_or_default() const noexcept { return bound_ms.value_or(0); }
  [[nodiscard]] bool reads_stdin() const noexcept { return input.empty() || input == "-"; }
  [[nodiscard]] bool writes_stdout() const noexcept { return output.empty() || output == "-"; }

  /// The first flag that is missing, out of range or meaningless for the assigner, as
  /// "--flag: why, and what to do" (e.g. "--slide: only sliding and count windows slide; ...").
  [[nodiscard]] std::optional<std::string> validate() const;
};

} // namespace weir::window
