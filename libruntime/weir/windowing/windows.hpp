#pragma once

#include <algorithm>
#include <compare>
#include <cstdint>
#include <limits>
#include <string>

#include "weir/codec/codec.hpp"
#include "weir/codec/encode.hpp"
#include "weir/key_hash.hpp"

namespace weir {

/// A window of event or processing time, [start, end) in ms since the epoch (Flink's
/// TimeWindow). Its last instant is `max_timestamp() = end - 1`: an event-time trigger fires
/// when the watermark reaches it.
struct time_window {
  std::int64_t start = 0;
  std::int64_t end = 0;

  [[nodiscard]] constexpr std::int64_t max_timestamp() const noexcept { return end - 1; }
  /// Overlapping or touching ([0,5) and [5,10) merge, as in Flink's session windows).
  [[nodiscard]] constexpr bool intersects(const time_window& o) const noexcept {
    return start <= o.end && end >= o.start;
  }
  /// The smallest window that covers both.
  [[nodiscard]] constexpr time_window cover(const time_window& o) const noexcept {
    return {std::min(start, o.start), std::max(end, o.end)};
  }
  constexpr auto operator<=>(const time_window&) const = default;
};

/// The one window of global_windows (Flink's GlobalWindow): it never ends, so only a trigger
/// other than the default fires it.
struct global_window {
  [[nodiscard]] static constexpr std::int64_t max_timestamp() noexcept {
    return std::numeric_limits<std::int64_t>::max();
  }
  constexpr auto operator<=>(const global_window&) const = default;
};

/// Start of the window of `size` (with `offset`) that contains `timestamp` (Flink's
/// TimeWindow.getWindowStartWithOffset), also for negative timestamps.
[[nodiscard]] constexpr std::int64_t window_start_with_offset(std::int64_t timestamp,
                                                              std::int64_t offset,
                                                              std::int64_t size) noexcept {
  const std::int64_t remainder = (timestamp - offset) % size;
  return remainder < 0 ? timestamp - (remainder + size) : timestamp - remainder;
}

template <>
struct codec<time_window> {
  static constexpr std::size_t min_encoded_size = 16;
  static void encode(byte_writer& out, const time_window& w) {
    out.write(w.start);
    out.write(w.end);
  }
  static void decode(byte_reader& in, time_window& w) { in.read(w.start) && in.read(w.end); }
};

template <>
struct codec<global_window> {
  static constexpr std::size_t min_encoded_size = 1;
  static void encode(byte_writer& out, const global_window&) { out.write(std::uint8_t{0}); }
  static void decode(byte_reader& in, global_window&) {
    std::uint8_t b = 0;
    in.read(b);
  }
};

template <>
struct key_hash<time_window> {
  std::uint64_t operator()(const time_window& w) const noexcept {
    return detail::hash_combine(static_cast<std::uint64_t>(w.start),
                                static_cast<std::uint64_t>(w.end));
  }
};

template <>
struct key_hash<global_window> {
  std::uint64_t operator()(const global_window&) const noexcept { return 0; }
};

/// The key of window_all's single instance (Flink's NullByteKeySelector): every record has it.
struct void_key {
  constexpr bool operator==(const void_key&) const = default;
};

template <>
struct key_hash<void_key> {
  std::uint64_t operator()(const void_key&) const noexcept { return 0; }
};

template <>
struct codec<void_key> {
  static void encode(byte_writer& out, const void_key&) { out.write(std::uint8_t{0}); }
  static void decode(byte_reader& in, void_key&) {
    std::uint8_t b = 0;
    in.read(b);
  }
};

} // namespace weir
