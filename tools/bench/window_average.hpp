#pragma once

#include <cmath>
#include <cstdint>

#include "weir/codec/codecs.hpp"

namespace weir::bench {

/// One result of the keyed window workload: the average temperature (°C) of one key in one
/// tumbling event-time window, which ends (exclusive) at `window_end_ms`.
struct window_average {
  std::uint64_t key = 0;
  std::int64_t window_end_ms = 0;
  double avg = 0.0;
};

/// The running sum of one key in one window. Both sides add the readings of a key in the
/// order they reach it and divide once at the end, so the same order gives the same bits.
struct average_accumulator {
  double sum = 0.0;
  std::uint64_t count = 0;
};

/// A result's contribution to the checksum, in millionths of a degree (as checksum_units of
/// the stateless workload): an integer sum does not depend on the order in which results
/// arrive, so every parallelism yields the same checksum.
[[nodiscard]] inline std::int64_t average_units(const window_average& r) noexcept {
  return std::llround(r.avg * 1e6);
}

/// End (exclusive) of the tumbling window of `size_ms` that holds `ts_ms` (ts_ms >= 0, no
/// offset): Flink's TimeWindow.getWindowStartWithOffset(ts, 0, size) + size.
[[nodiscard]] constexpr std::int64_t window_end_of(std::int64_t ts_ms,
                                                   std::int64_t size_ms) noexcept {
  return ts_ms - ts_ms % size_ms + size_ms;
}

} // namespace weir::bench

/// The accumulator as window state: the sum's bits, then the count (16 bytes), so RocksDB
/// round-trips it exactly and both backends hold the same value.
template <>
struct weir::codec<weir::bench::average_accumulator> {
  static constexpr std::size_t min_encoded_size = 16;
  static void encode(byte_writer& out, const weir::bench::average_accumulator& a) {
    out.write(a.sum);
    out.write(a.count);
  }
  static void decode(byte_reader& in, weir::bench::average_accumulator& a) {
    in.read(a.sum) && in.read(a.count);
  }
};
