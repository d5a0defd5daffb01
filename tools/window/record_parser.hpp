#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

#include "window/window_record.hpp"

namespace weir::window {

/// The header an input may start with; skipped on line 1 only.
inline constexpr std::string_view csv_header = "key,timestamp_ms,value";

/// Parses one CSV row `key,timestamp_ms,value` (spaces and tabs around a field, and a final
/// '\r', are ignored), or says why it is malformed: not three fields, an empty or quoted key,
/// a timestamp that is not an integer within ±timestamp_limit ms, a value that is not a
/// finite number.
[[nodiscard]] std::variant<window_record, std::string> parse_record(std::string_view line);

/// A malformed input line: its number (from 1) and what is wrong with it.
struct malformed_line {
  std::uint64_t line = 0;
  std::string reason;
  std::string text;
  /// "line 3: expected 3 fields key,timestamp_ms,value, found 2 in 'a,5'"
  [[nodiscard]] std::string describe() const;
};

/// Numbers the lines of one input in order and parses them: skips a header on line 1 and
/// blank lines.
class record_parser {
public:
  /// The line's record; std::monostate for a header or blank line; or why it is malformed.
  [[nodiscard]] std::variant<std::monostate, window_record, malformed_line>
  next(std::string_view line);
  [[nodiscard]] std::uint64_t line_number() const noexcept { return line_; }

private:
  std::uint64_t line_ = 0;
};

} // namespace weir::window
