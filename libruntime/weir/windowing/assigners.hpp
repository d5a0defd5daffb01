#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "weir/error.hpp"
#include "weir/windowing/triggers.hpp"
#include "weir/windowing/windows.hpp"

namespace weir {

// Window assigners (Flink's WindowAssigner): each says which windows an element belongs to,
// whether they follow event or processing time, whether they merge (sessions) and which trigger
// fires them unless another is set. An assigner is a value type with
//
//   using window_type = ...;
//   static constexpr bool is_event_time, is_merging;
//   template <class T, class Add>
//   void assign_windows(const T& element, std::int64_t timestamp, std::int64_t now, Add&& add)
//     const;                      // calls add(window) per window; `now` is processing time
//   auto default_trigger() const;
//
// and, when merging, `merge_windows(windows, merge)` (see time_window_merger). Sizes, slides,
// offsets and gaps are std::chrono::milliseconds, as Flink's Time/Duration arguments.

namespace windowing_detail {

constexpr std::int64_t no_timestamp = std::numeric_limits<std::int64_t>::min();

[[noreturn]] inline void throw_no_timestamp(const char* assigner) {
  throw weir_exception(error(
    errc::invalid_plan,
    std::string(assigner)
      + " got a record without a timestamp: event-time windows need timestamps; call "
        "assign_timestamps_and_watermarks(...) on the stream (or on its source) before key_by, "
        "or use a processing-time assigner"));
}

inline void check_positive(std::chrono::milliseconds v, const char* what, const char* assigner) {
  if (v.count() <= 0)
    throw weir_exception(error(errc::invalid_configuration,
                               std::string(assigner) + ": " + what + " must be positive, got "
                                 + std::to_string(v.count()) + " ms"));
}

/// Flink's TimeWindow.mergeWindows: sorts `windows` by start and calls
/// merge(result, merged_windows) for each run of two or more that intersect (touching ones
/// included).
template <class Merge>
void merge_time_windows(std::vector<time_window> windows, Merge&& merge) {
  std::sort(windows.begin(), windows.end());
  std::vector<std::pair<time_window, std::vector<time_window>>> merged;
  for (const auto& w : windows) {
    if (merged.empty() || !merged.back().first.intersects(w)) {
      merged.push_back({w, {w}});
    } else {
      merged.back().first = merged.back().first.cover(w);
      merged.back().second.push_back(w);
    }
  }
  for (auto& [result, group] : merged)
    if (group.size() > 1)
      merge(result, group);
}

/// The trigger that fires a time window at its end, in its assigner's time.
template <bool EventTime>
auto time_trigger() {
  if constexpr (EventTime)
    return event_time_trigger::create();
  else
    return processing_time_trigger::create();
}

/// The timestamp an event-time assigner files the element under, or the processing time.
template <bool EventTime>
std::int64_t assign_time(std::int64_t timestamp, std::int64_t now, const char* assigner) {
  if constexpr (EventTime) {
    if (timestamp == no_timestamp)
      throw_no_timestamp(assigner);
    return timestamp;
  } else {
    (void) timestamp;
    (void) assigner;
    return now;
  }
}

template <bool EventTime>
class tumbling_windows {
public:
  using window_type = time_window;
  static constexpr bool is_event_time = EventTime;
  static constexpr bool is_merging = false;

  static tumbling_windows of(std::chrono::milliseconds size,
                             std::chrono::milliseconds offset = std::chrono::milliseconds{0}) {
    check_positive(size, "size", name());
    if (offset.count() <= -size.count() || offset.count() >= size.count())
      throw weir_exception(error(errc::invalid_configuration,
                                 std::string(name()) + ": the offset must lie in (-size, size), got "
                                   + std::to_string(offset.count()) + " ms for a size of "
                                   + std::to_string(size.count()) + " ms"));
    return tumbling_windows(size.count(), offset.count());
  }

  template <class T, class Add>
  void assign_windows(const T&, std::int64_t timestamp, std::int64_t now, Add&& add) const {
    const auto t = assign_time<EventTime>(timestamp, now, name());
    const auto start = window_start_with_offset(t, offset_, size_);
    add(time_window{start, start + size_});
  }

  [[nodiscard]] auto default_trigger() const { return time_trigger<EventTime>(); }

  [[nodiscard]] std::int64_t size() const noexcept { return size_; }
  [[nodiscard]] std::int64_t offset() const noexcept { return offset_; }

  static const char* name() noexcept {
    return EventTime ? "tumbling_event_time_windows" : "tumbling_processing_time_windows";
  }

private:
  tumbling_windows(std::int64_t size, std::int64_t offset) : size_(size), offset_(offset) {}
  std::int64_t size_;
  std::int64_t offset_;
};

template <bool EventTime>
class sliding_windows {
public:
  using window_type = time_window;
  static constexpr bool is_event_time = EventTime;
  static constexpr bool is_merging = false;

  static sliding_windows of(std::chrono::milliseconds size, std::chrono::milliseconds slide,
                            std::chrono::milliseconds offset = std::chrono::milliseconds{0}) {
    check_positive(size, "size", name());
    check_positive(slide, "slide", name());
    if (offset.count() <= -slide.count() || offset.count() >= slide.count())
      throw weir_exception(error(errc::invalid_configuration,
                                 std::string(name()) + ": the offset must lie in (-slide, slide), "
                                   "got " + std::to_string(offset.count()) + " ms for a slide of "
                                   + std::to_string(slide.count()) + " ms"));
    return sliding_windows(size.count(), slide.count(), offset.count());
  }

  /// Every window of `size` starting at a multiple of `slide` (plus offset) that contains the
  /// element, latest start first (Flink's order).
  template <class T, class Add>
  void assign_windows(const T&, std::int64_t timestamp, std::int64_t now, Add&& add) const {
    const auto t = assign_time<EventTime>(timestamp, now, name());
    const auto last_start = window_start_with_offset(t, offset_, slide_);
    for (auto start = last_start; start > t - size_; start -= slide_)
      add(time_window{start, start + size_});
  }

  [[nodiscard]] auto default_trigger() const { return time_trigger<EventTime>(); }

  static const char* name() noexcept {
    return EventTime ? "sliding_event_time_windows" : "sliding_processing_time_windows";
  }

private:
  sliding_windows(std::int64_t size, std::int64_t slide, std::int64_t offset)
    : size_(size), slide_(slide), offset_(offset) {}
  std::int64_t size_;
  std::int64_t slide_;
  std::int64_t offset_;
};

/// Session windows: each element opens [t, t + gap); windows that intersect or touch merge.
/// `Gap` is a constant (static gap) or a function `milliseconds(const T&)` (dynamic gap).
template <bool EventTime, class Gap>
class session_windows {
public:
  using window_type = time_window;
  static constexpr bool is_event_time = EventTime;
  static constexpr bool is_merging = true;

  explicit session_windows(Gap gap) : gap_(std::move(gap)) {}

  template <class T, class Add>
  void assign_windows(const T& element, std::int64_t timestamp, std::int64_t now,
                      Add&& add) const {
    const auto t = assign_time<EventTime>(timestamp, now, name());
    std::int64_t gap;
    if constexpr (std::is_same_v<Gap, std::chrono::milliseconds>) {
      gap = gap_.count();
    } else {
      gap = std::chrono::milliseconds(gap_(element)).count();
      if (gap <= 0)
        throw weir_exception(error(errc::user_function_failed,
                                   std::string(name()) + ": the dynamic gap function returned "
                                     + std::to_string(gap)
                                     + " ms; a session gap must be positive"));
    }
    add(time_window{t, t + gap});
  }

  template <class Merge>
  void merge_windows(const std::vector<time_window>& windows, Merge&& merge) const {
    merge_time_windows(windows, std::forward<Merge>(merge));
  }

  [[nodiscard]] auto default_trigger() const { return time_trigger<EventTime>(); }

  static const char* name() noexcept {
    return EventTime ? "event_time_session_windows" : "processing_time_session_windows";
  }

private:
  Gap gap_;
};

template <bool EventTime>
struct session_windows_factory {
  static session_windows<EventTime, std::chrono::milliseconds>
  with_gap(std::chrono::milliseconds gap) {
    check_positive(gap, "gap",
                   EventTime ? "event_time_session_windows" : "processing_time_session_windows");
    return session_windows<EventTime, std::chrono::milliseconds>(gap);
  }
  /// `fn(const T&)` returns the gap (std::chrono::milliseconds or ms as an integer) of the
  /// session an element opens.
  template <class F>
  static session_windows<EventTime, F> with_dynamic_gap(F fn) {
    return session_windows<EventTime, F>(std::move(fn));
  }
};

} // namespace windowing_detail

using tumbling_event_time_windows = windowing_detail::tumbling_windows<true>;
using tumbling_processing_time_windows = windowing_detail::tumbling_windows<false>;
using sliding_event_time_windows = windowing_detail::sliding_windows<true>;
using sliding_processing_time_windows = windowing_detail::sliding_windows<false>;
using event_time_session_windows = windowing_detail::session_windows_factory<true>;
using processing_time_session_windows = windowing_detail::session_windows_factory<false>;

/// One global window for all elements of a key (Flink's GlobalWindows); its default trigger
/// never fires, so set one (count_window does).
class global_windows {
public:
  using window_type = global_window;
  static constexpr bool is_event_time = false;
  static constexpr bool is_merging = false;

  static global_windows create() { return {}; }

  template <class T, class Add>
  void assign_windows(const T&, std::int64_t, std::int64_t, Add&& add) const {
    add(global_window{});
  }
  [[nodiscard]] never_trigger default_trigger() const { return {}; }
};

} // namespace weir
