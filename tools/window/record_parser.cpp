#include "window/record_parser.hpp"

#include <charconv>
#include <cmath>
#include <system_error>

#include "window/window_options.hpp"

namespace weir::window {

namespace {

std::string_view trim(std::string_view s) {
  auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\r'; };
  while (!s.empty() && blank(s.front()))
    s.remove_prefix(1);
  while (!s.empty() && blank(s.back()))
    s.remove_suffix(1);
  return s;
}

} // namespace

std::variant<window_record, std::string> parse_record(std::string_view line) {
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
    return "expected 3 fields key,timestamp_ms,value, found " + std::to_string(count);

  window_record r;
  if (fields[0].empty())
    return std::string{"the key is empty"};
  if (fields[0].find('"') != std::string_view::npos)
    return std::string{"the key holds a quote (quoted fields are not supported; write the key "
                       "without quotes and commas)"};
  r.key = std::string{fields[0]};

  const auto ts = fields[1];
  auto [ts_end, ts_ec] = std::from_chars(ts.data(), ts.data() + ts.size(), r.timestamp_ms);
  if (ts.empty() || ts_ec == std::errc::invalid_argument || ts_end != ts.data() + ts.size())
    return "timestamp_ms '" + std::string{ts} + "' is not an integer (milliseconds)";
  if (ts_ec == std::errc::result_out_of_range || r.timestamp_ms > timestamp_limit
      || r.timestamp_ms < -timestamp_limit)
    return "timestamp_ms '" + std::string{ts} + "' is out of range (at most 2^62 = "
           + std::to_string(timestamp_limit) + " in absolute value)";

  const auto v = fields[2];
  auto [v_end, v_ec] = std::from_chars(v.data(), v.data() + v.size(), r.value);
  if (v.empty() || v_ec == std::errc::invalid_argument || v_end != v.data() + v.size())
    return "value '" + std::string{v} + "' is not a number";
  if (v_ec == std::errc::result_out_of_range || !std::isfinite(r.value))
    return "value '" + std::string{v} + "' is not a finite number";
  return r;
}

std::string malformed_line::describe() const {
  return "line " + std::to_string(line) + ": " + reason + " in '" + text + "'";
}

std::variant<std::monostate, window_record, malformed_line>
record_parser::next(std::string_view line) {
  ++line_;
  if (trim(line).empty())
    return std::monostate{};
  if (line_ == 1 && trim(line) == csv_header)
    return std::monostate{};
  auto parsed = parse_record(line);
  if (auto* reason = std::get_if<std::string>(&parsed)) {
    if (!line.empty() && line.back() == '\r')
      line.remove_suffix(1);
    return malformed_line{line_, std::move(*reason), std::string{line}};
  }
  return std::move(std::get<window_record>(parsed));
}

} // namespace weir::window
