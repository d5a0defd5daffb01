#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

#include "sensor_reading.hpp"

namespace weir::examples {

/// Largest |timestamp_ms| accepted: 2^62 ms (146 million years), so that window ends and
/// watermarks (timestamp − bound − 1) cannot overflow.
inline constexpr std::int64_t timestamp_limit = std::int64_t{1} << 62;

/// The header line a CSV file may start with; the parser skips it on line 1 only.
inline constexpr std::string_view csv_header = "sensor_id,timestamp_ms,temperature_f";

/// Parses one CSV line `sensor_id,timestamp_ms,temperature_f` (spaces and tabs around a field
/// are ignored) into a reading from line `line_number`, or says why the line is malformed:
/// not three fields, an empty or quoted sensor id, a timestamp that is not an integer in
/// ±timestamp_limit, a temperature that is not a finite decimal number.
[[nodiscard]] std::variant<sensor_reading, std::string> parse_reading(std::string_view line,
                                                                      std::uint64_t line_number);

/// Numbers the lines of one input read in file order and parses them (the first stage of the
/// job, at parallelism 1 behind a source at parallelism 1, so the n-th call is line n). Skips
/// a header on line 1.
class line_parser {
public:
  /// The next line's reading, or why it is malformed; std::monostate for a header.
  [[nodiscard]] std::variant<std::monostate, sensor_reading, std::string>
  next(std::string_view line);
  /// The number of the line last given to next().
  [[nodiscard]] std::uint64_t line_number() const noexcept { return line_; }

private:
  std::uint64_t line_ = 0;
};

} // namespace weir::examples
