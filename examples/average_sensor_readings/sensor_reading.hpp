#pragma once

#include <cstdint>
#include <ostream>
#include <string>

#include "weir/codec/codecs.hpp"

namespace weir::examples {

/// One temperature reading as it comes in (the book's SensorReading): `sensor_id`, event time
/// in epoch ms and the temperature in degrees Fahrenheit, plus the 1-based line of the input
/// file it came from (0 for generated readings), so that late records can be written back in
/// file order.
struct sensor_reading {
  std::string sensor_id;
  std::int64_t timestamp_ms = 0;
  double temperature_f = 0;
  std::uint64_t line = 0;
};

/// Degrees Fahrenheit to Celsius, as the book's job converts: (f − 32) · 5/9.
[[nodiscard]] inline double to_celsius(double fahrenheit) noexcept {
  return (fahrenheit - 32) * (5.0 / 9.0);
}

/// The result of one window: the average temperature in Celsius of one sensor's readings in
/// the 1 s event-time window that ends (exclusive) at `window_end_ms`.
struct window_average {
  std::string sensor_id;
  std::int64_t window_end_ms = 0;
  double avg_celsius = 0;
};

/// Shortest text that reads back as the same double (std::to_chars): every digit that
/// matters, 17 significant digits at most, never fewer than the value needs.
[[nodiscard]] std::string format_double(double value);

/// `sensor_id,timestamp_ms,temperature_f`, the input's CSV format.
[[nodiscard]] std::string to_csv(const sensor_reading& r);

/// `sensor_id,window_end_ms,avg_celsius`, the --output format.
[[nodiscard]] std::string to_csv(const window_average& a);

/// print() renders a result as a tuple, "(sensor_3,1700000001000,21.53)".
std::ostream& operator<<(std::ostream& os, const window_average& a);

} // namespace weir::examples

// Codecs: a cluster encodes the records that cross between its processes (readings between
// the source and the windows, results on their way to the coordinator's collect()).
template <>
struct weir::codec<weir::examples::sensor_reading> {
  static void encode(weir::byte_writer& out, const weir::examples::sensor_reading& r) {
    weir::codec<std::string>::encode(out, r.sensor_id);
    out.write(r.timestamp_ms);
    out.write(r.temperature_f);
    out.write(r.line);
  }
  static void decode(weir::byte_reader& in, weir::examples::sensor_reading& r) {
    in.read(r.sensor_id) && in.read(r.timestamp_ms) && in.read(r.temperature_f)
      && in.read(r.line);
  }
};

template <>
struct weir::codec<weir::examples::window_average> {
  static void encode(weir::byte_writer& out, const weir::examples::window_average& a) {
    weir::codec<std::string>::encode(out, a.sensor_id);
    out.write(a.window_end_ms);
    out.write(a.avg_celsius);
  }
  static void decode(weir::byte_reader& in, weir::examples::window_average& a) {
    in.read(a.sensor_id) && in.read(a.window_end_ms) && in.read(a.avg_celsius);
  }
};
