#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

#include "cli/timestamped_csv_parser.hpp"
#include "window/window_options.hpp"
#include "window/window_record.hpp"

namespace weir::window {

/// The input's rows `key,timestamp_ms,value`, as weir::cli's timestamped_csv_parser reads
/// them: spaces, tabs and '\r' around a field are ignored (the input is split at '\n' only, so
/// CRLF ends reach the parser), blank lines are skipped, a header on line 1 may have blanks
/// around it, a timestamp is within ±timestamp_limit ms, and a reason says the fix.
inline constexpr cli::timestamped_csv_format record_format{
  .header = "key,timestamp_ms,value",
  .blanks = " \t\r",
  .skip_blank_lines = true,
  .trim_header = true,
  .timestamp_limit = timestamp_limit,
  .wording = cli::csv_wording::guiding,
};

/// A malformed input line: its number (from 1) and what is wrong with it.
struct malformed_line {
  std::uint64_t line = 0;
  std::string reason;
  std::string text;
  /// "line 3: expected 3 fields key,timestamp_ms,value, found 2 in 'a,5'"
  [[nodiscard]] std::string describe() const;
};

/// Numbers the lines of one input in order and parses them (record_format): skips a header
/// on line 1 and blank lines.
class record_parser {
public:
  /// The line's record; std::monostate for a header or blank line; or why it is malformed.
  [[nodiscard]] std::variant<std::monostate, window_record, malformed_line>
  next(std::string_view line);
  [[nodiscard]] std::uint64_t line_number() const noexcept { return parser_.line_number(); }

private:
  cli::timestamped_csv_parser parser_{record_format};
};

} // namespace weir::window
