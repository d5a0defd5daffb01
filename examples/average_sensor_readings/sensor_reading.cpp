#include "sensor_reading.hpp"

#include <charconv>

namespace weir::examples {

std::string format_double(double value) {
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof buf, value);
  return std::string(buf, res.ptr);
}

std::string to_csv(const sensor_reading& r) {
  return r.sensor_id + ',' + std::to_string(r.timestamp_ms) + ',' + format_double(r.temperature_f);
}

std::string to_csv(const window_average& a) {
  return a.sensor_id + ',' + std::to_string(a.window_end_ms) + ',' + format_double(a.avg_celsius);
}

std::ostream& operator<<(std::ostream& os, const window_average& a) {
  return os << '(' << to_csv(a) << ')';
}

} // namespace weir::examples
