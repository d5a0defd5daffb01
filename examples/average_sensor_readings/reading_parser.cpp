#include "reading_parser.hpp"

#include <charconv>
#include <cmath>
#include <system_error>

namespace weir::examples {

namespace {

std::string_view trim(std::string_view s) {
  auto blank = [](char c) { return c == ' ' || c == '\t'; };
  while (!s.empty() && blank(s.front()))
    s.remove_prefix(1);
  while (!s.empty() && blank(s.back()))
    s.remove_suffix(1);
  return s;
}

} // namespace

std::variant<sensor_reading, std::string> parse_reading(std::string_view line,
                                                        std::uint64_t line_number) {
  if (trim(line).empty())
    return std::string{"empty line"};
  std::string_view fields[3];
  std::size_t count = 0;
  for (std::size_t start = 0;;) {
    auto comma = line.find(',', start);
    auto field = line.substr(start, comma == std::string_view::npos ? comma : comma - start);
    if (count < 3)
      fields[count] = trim(field);
    ++count;
    if (comma == std::string_view::npos)
      break;
    start = comma + 1;
  }
  if (count != 3)
    return "expected 3 fields (sensor_id,timestamp_ms,temperature_f), found "
           + std::to_string(count);

  sensor_reading r;
  r.line = line_number;
  if (fields[0].empty())
    return std::string{"empty sensor_id"};
  if (fields[0].find('"') != std::string_view::npos)
    return std::string{"sensor_id holds a quote (quoted fields are not supported)"};
  r.sensor_id = std::string{fields[0]};

  const auto& ts = fields[1];
  auto [ts_end, ts_ec] = std::from_chars(ts.data(), ts.data() + ts.size(), r.timestamp_ms);
  if (ts.empty() || ts_ec == std::errc::invalid_argument || ts_end != ts.data() + ts.size())
    return "timestamp_ms '" + std::string{ts} + "' is not an integer (epoch milliseconds)";
  if (ts_ec == std::errc::result_out_of_range || r.timestamp_ms > timestamp_limit
      || r.timestamp_ms < -timestamp_limit)
    return "timestamp_ms '" + std::string{ts} + "' is out of range (at most "
           + std::to_string(timestamp_limit) + " in absolute value)";

  const auto& t = fields[2];
  auto [t_end, t_ec] = std::from_chars(t.data(), t.data() + t.size(), r.temperature_f);
  if (t.empty() || t_ec == std::errc::invalid_argument || t_end != t.data() + t.size())
    return "temperature_f '" + std::string{t} + "' is not a number";
  if (t_ec == std::errc::result_out_of_range || !std::isfinite(r.temperature_f))
    return "temperature_f '" + std::string{t} + "' is not a finite number";
  return r;
}

std::variant<std::monostate, sensor_reading, std::string> line_parser::next(std::string_view line) {
  ++line_;
  if (line_ == 1 && line == csv_header)
    return std::monostate{};
  auto parsed = parse_reading(line, line_);
  if (auto* reason = std::get_if<std::string>(&parsed))
    return std::move(*reason);
  return std::move(std::get<sensor_reading>(parsed));
}

} // namespace weir::examples
