#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>

#include "weir/codec/codecs.hpp"

namespace weir::bench {

/// Shape of the stateless workload: how many events, over how many keys, at which event-time
/// density. Shared by the plain loop and the Weir job so that both do the same work.
struct workload_params {
  /// Events emitted in total. Default: 10,000,000.
  std::uint64_t events = 10'000'000;
  /// Distinct keys; event i has key i % keys. Default: 1000. Must be >= 1.
  std::uint64_t keys = 1000;
  /// Events per millisecond of event time; event i has ts_ms = i / events_per_ms.
  /// Default: 1000. Must be >= 1.
  std::uint64_t events_per_ms = 1000;
};

/// What the source emits: a temperature reading in Fahrenheit. `emitted_ns` is the
/// steady_clock time the source emitted it (rate-limited runs only; 0 otherwise).
struct sensor_reading {
  std::uint64_t key = 0;
  std::int64_t ts_ms = 0;
  double temp_f = 0.0;
  std::int64_t emitted_ns = 0;
};

/// What the map produces: the same reading in Celsius.
struct celsius_reading {
  std::uint64_t key = 0;
  std::int64_t ts_ms = 0;
  double c = 0.0;
  std::int64_t emitted_ns = 0;
};

/// Event `i` of the workload.
[[nodiscard]] inline sensor_reading make_reading(std::uint64_t i, const workload_params& w,
                                                 std::int64_t emitted_ns = 0) noexcept {
  return {i % w.keys, static_cast<std::int64_t>(i / w.events_per_ms),
          static_cast<double>(i % 97) * 1.8 + 32.0, emitted_ns};
}

/// The map step.
[[nodiscard]] inline celsius_reading to_celsius(const sensor_reading& r) noexcept {
  return {r.key, r.ts_ms, (r.temp_f - 32.0) * (5.0 / 9.0), r.emitted_ns};
}

/// The filter step: keeps the hot readings.
[[nodiscard]] inline bool is_hot(const celsius_reading& r) noexcept { return r.c >= 48.5; }

/// A result's contribution to the checksum, in millionths of a degree. Integer sums do not
/// depend on the order of addition, so every parallelism yields the same checksum.
[[nodiscard]] inline std::int64_t checksum_units(const celsius_reading& r) noexcept {
  return std::llround(r.c * 1e6);
}

/// The checksum as printed: the integer sum back in degrees.
[[nodiscard]] inline double checksum_degrees(std::int64_t units) noexcept {
  return static_cast<double>(units) / 1e6;
}

} // namespace weir::bench

/// A reading as channel state of unaligned checkpoints (in-flight batches are stored encoded):
/// every field, 32 bytes.
template <>
struct weir::codec<weir::bench::celsius_reading> {
  static constexpr std::size_t min_encoded_size = 32;
  static void encode(byte_writer& out, const weir::bench::celsius_reading& r) {
    out.write(r.key);
    out.write(r.ts_ms);
    out.write(r.c);
    out.write(r.emitted_ns);
  }
  static void decode(byte_reader& in, weir::bench::celsius_reading& r) {
    in.read(r.key) && in.read(r.ts_ms) && in.read(r.c) && in.read(r.emitted_ns);
  }
};
