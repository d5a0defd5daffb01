#pragma once

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <type_traits>

#include "weir/ids.hpp"

namespace weir {

/// Extracts a record's event timestamp (Flink's TimestampAssigner), in ms since the epoch.
/// `previous` is the timestamp the record already carries (a source's), or event_time_min
/// when it has none (Flink's NO_TIMESTAMP). Called once per record through std::function, an
/// indirect call per record; the strategy is a value type over T alone, so the assigner is
/// type-erased.
template <class T>
using timestamp_assigner = std::function<event_time(const T& record, event_time previous)>;

/// The same over a batch: writes the timestamp (ms) of each of `n` records over the one it
/// carried (event_time_min: none), one indirect call per batch.
template <class T>
using batch_timestamp_assigner =
  std::function<void(const T* records, std::int64_t* timestamps, std::size_t n)>;

namespace detail {

template <class R>
inline constexpr bool is_timestamp_v =
  std::same_as<R, event_time> || (std::integral<R> && !std::same_as<R, bool>);

template <class T, class F, class... Args>
consteval bool returns_timestamp() {
  if constexpr (std::is_invocable_v<F&, const T&, Args...>)
    return is_timestamp_v<std::invoke_result_t<F&, const T&, Args...>>;
  else
    return false;
}

template <class R>
event_time to_event_time(R r) {
  if constexpr (std::same_as<R, event_time>)
    return r;
  else
    return event_time{static_cast<std::int64_t>(r)};
}

} // namespace detail

/// Wraps a user callable as a timestamp_assigner<T>. Accepted, in this order:
/// `(const T&, event_time previous)`, `(const T&)`, `(const T&, std::int64_t previous_ms)`
/// (Flink's `extractTimestamp(element, recordTimestamp)`), each returning an event_time or
/// an integer number of ms.
template <class T, class F>
timestamp_assigner<T> make_timestamp_assigner(F f) {
  if constexpr (detail::returns_timestamp<T, F, event_time>()) {
    return [f](const T& r, event_time previous) mutable {
      return detail::to_event_time(f(r, previous));
    };
  } else if constexpr (detail::returns_timestamp<T, F>()) {
    return [f](const T& r, event_time) mutable { return detail::to_event_time(f(r)); };
  } else if constexpr (detail::returns_timestamp<T, F, std::int64_t>()) {
    return [f](const T& r, event_time previous) mutable {
      return detail::to_event_time(f(r, previous.value()));
    };
  } else {
    static_assert(detail::returns_timestamp<T, F>(),
                  "weir: with_timestamp_assigner expects `weir::event_time(const T& record, "
                  "weir::event_time previous)`, `weir::event_time(const T& record)` or "
                  "`weir::event_time(const T& record, std::int64_t previous_ms)`; each may "
                  "return the timestamp as an integer of ms since the epoch instead");
    return {};
  }
}

/// make_timestamp_assigner's callable over a batch.
template <class T, class F>
batch_timestamp_assigner<T> make_batch_timestamp_assigner(F f) {
  auto one = [f](const T& r, event_time previous) mutable {
    if constexpr (detail::returns_timestamp<T, F, event_time>())
      return detail::to_event_time(f(r, previous));
    else if constexpr (detail::returns_timestamp<T, F>())
      return detail::to_event_time(f(r));
    else
      return detail::to_event_time(f(r, previous.value()));
  };
  return [one](const T* records, std::int64_t* timestamps, std::size_t n) mutable {
    for (std::size_t i = 0; i < n; ++i)
      timestamps[i] = one(records[i], event_time{timestamps[i]}).value();
  };
}

} // namespace weir
