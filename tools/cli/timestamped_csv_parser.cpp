#include "cli/timestamped_csv_parser.hpp"

#include <bit>
#include <charconv>
#include <cmath>
#include <system_error>

namespace weir::cli {

namespace {

std::string_view trim(std::string_view s, std::string_view blanks) {
  auto first = s.find_first_not_of(blanks);
  if (first == std::string_view::npos)
    return {};
  return s.substr(first, s.find_last_not_of(blanks) - first + 1);
}

/// "timestamp_ms 'abc'": a field's name and its text as read.
std::string named(std::string_view name, std::string_view text) {
  return std::string{name} + " '" + std::string{text} + "'";
}

} // namespace

timestamped_csv_parser::timestamped_csv_parser(timestamped_csv_format format) : format_(format) {
  auto rest = format_.header;
  for (auto& name : names_) {
    auto comma = rest.find(',');
    name = rest.substr(0, comma);
    rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
  }
}

std::variant<std::monostate, timestamped_csv_row, std::string>
timestamped_csv_parser::next(std::string_view line) {
  ++line_;
  const bool blank = trim(line, format_.blanks).empty();
  if (blank && format_.skip_blank_lines)
    return std::monostate{};
  if (line_ == 1 && (format_.trim_header ? trim(line, format_.blanks) : line) == format_.header)
    return std::monostate{};
  if (blank)
    return std::string{"empty line"};
  auto parsed = parse(line);
  if (auto* reason = std::get_if<std::string>(&parsed))
    return std::move(*reason);
  return std::move(std::get<timestamped_csv_row>(parsed));
}

std::variant<timestamped_csv_row, std::string>
timestamped_csv_parser::parse(std::string_view line) const {
  const bool guiding = format_.wording == csv_wording::guiding;
  const auto [key_name, ts_name, number_name] = names_;

  // Counts every field, so that the reason says how many there were, but keeps only three.
  std::string_view fields[3];
  std::size_t count = 0;
  for (std::size_t start = 0;;) {
    auto comma = line.find(',', start);
    auto field = line.substr(start, comma == std::string_view::npos ? comma : comma - start);
    if (count < 3)
      fields[count] = trim(field, format_.blanks);
    ++count;
    if (comma == std::string_view::npos)
      break;
    start = comma + 1;
  }
  const std::string header{format_.header};
  if (count != 3)
    return "expected 3 fields " + (guiding ? header : "(" + header + ")") + ", found "
           + std::to_string(count);

  timestamped_csv_row r;
  const std::string key{key_name};
  if (fields[0].empty())
    return guiding ? "the " + key + " is empty" : "empty " + key;
  if (fields[0].find('"') != std::string_view::npos)
    return guiding ? "the " + key + " holds a quote (quoted fields are not supported; write the "
                       + key + " without quotes and commas)"
                   : key + " holds a quote (quoted fields are not supported)";
  r.key = std::string{fields[0]};

  // from_chars takes no '+', no blanks and no hex, and says when a number does not fit, so
  // nothing wraps or saturates into a timestamp that looks valid.
  const auto ts = fields[1];
  auto [ts_end, ts_ec] = std::from_chars(ts.data(), ts.data() + ts.size(), r.timestamp_ms);
  if (ts.empty() || ts_ec == std::errc::invalid_argument || ts_end != ts.data() + ts.size())
    return named(ts_name, ts) + " is not an integer (" + std::string{format_.timestamp_unit}
           + ")";
  const auto limit = format_.timestamp_limit;
  if (ts_ec == std::errc::result_out_of_range || r.timestamp_ms > limit
      || r.timestamp_ms < -limit) {
    const auto bits = static_cast<std::uint64_t>(limit);
    const auto power = guiding && std::has_single_bit(bits)
                         ? "2^" + std::to_string(std::countr_zero(bits)) + " = "
                         : std::string{};
    return named(ts_name, ts) + " is out of range (at most " + power + std::to_string(limit)
           + " in absolute value)";
  }

  const auto n = fields[2];
  auto [n_end, n_ec] = std::from_chars(n.data(), n.data() + n.size(), r.number);
  if (n.empty() || n_ec == std::errc::invalid_argument || n_end != n.data() + n.size())
    return named(number_name, n) + " is not a number";
  if (n_ec == std::errc::result_out_of_range || !std::isfinite(r.number))
    return named(number_name, n) + " is not a finite number";
  return r;
}

} // namespace weir::cli
