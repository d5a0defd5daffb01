#include "window/record_parser.hpp"

namespace weir::window {

std::string malformed_line::describe() const {
  return "line " + std::to_string(line) + ": " + reason + " in '" + text + "'";
}

std::variant<std::monostate, window_record, malformed_line>
record_parser::next(std::string_view line) {
  auto parsed = parser_.next(line);
  if (auto* row = std::get_if<cli::timestamped_csv_row>(&parsed))
    return window_record{std::move(row->key), row->timestamp_ms, row->number};
  if (auto* reason = std::get_if<std::string>(&parsed)) {
    // The message quotes the line as the user wrote it, without the '\r' of a CRLF end.
    if (!line.empty() && line.back() == '\r')
      line.remove_suffix(1);
    return malformed_line{parser_.line_number(), std::move(*reason), std::string{line}};
  }
  return std::monostate{};
}

} // namespace weir::window
