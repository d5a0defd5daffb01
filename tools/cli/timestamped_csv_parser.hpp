#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

namespace weir::cli {

/// How the reasons for a malformed line are worded; both name the fields as the header does.
enum class csv_wording {
  /// "empty sensor_id", "expected 3 fields (sensor_id,timestamp_ms,temperature_f), found 2"
  terse,
  /// "the key is empty", "expected 3 fields key,timestamp_ms,value, found 2", and the fix
  /// where there is one ("write the key without quotes and commas", "at most 2^62 = ...")
  guiding,
};

/// What one program's `key,timestamp_ms,number` input looks like and how its reasons are
/// worded, so that each program keeps the forms and messages its users know. The strings must
/// outlive the parser (string literals do).
struct timestamped_csv_format {
  /// The header, e.g. "key,timestamp_ms,value": skipped on line 1 only; its three names are
  /// the fields' names in the reasons.
  std::string_view header;
  /// The characters ignored around a field (and around the header if trim_header): " \t",
  /// or " \t\r" for input split at '\n' only, whose CRLF line ends reach the parser.
  std::string_view blanks = " \t";
  /// A blank line (only blanks) is skipped; otherwise it is malformed, "empty line".
  bool skip_blank_lines = false;
  /// The header is recognised with blanks around it; otherwise only as the exact line.
  bool trim_header = false;
  /// Largest |timestamp_ms| accepted, in ms (default 2^62).
  std::int64_t timestamp_limit = std::int64_t{1} << 62;
  /// What a timestamp counts, in "timestamp_ms '1.5' is not an integer (milliseconds)".
  std::string_view timestamp_unit = "milliseconds";
  csv_wording wording = csv_wording::terse;
};

/// The three fields of one `key,timestamp_ms,number` CSV line.
struct timestamped_csv_row {
  std::string key;
  std::int64_t timestamp_ms = 0;
  double number = 0;
};

/// Numbers the lines of one input read in order and parses each as `key,timestamp_ms,number`
/// (blanks around a field ignored), or says why it is malformed: not three fields, an empty
/// or quoted key (quoted fields are not supported), a timestamp that is not a decimal integer
/// within ±timestamp_limit, a number that is not a finite decimal number. Plain state of the
/// one stage that reads the input in order; the n-th call to next() is line n.
class timestamped_csv_parser {
public:
  explicit timestamped_csv_parser(timestamped_csv_format format);

  /// The next line's row; std::monostate for a header (or a skipped blank line); or why the
  /// line is malformed.
  [[nodiscard]] std::variant<std::monostate, timestamped_csv_row, std::string>
  next(std::string_view line);

  /// The number (from 1) of the line last given to next().
  [[nodiscard]] std::uint64_t line_number() const noexcept { return line_; }
  /// Continues after line `line` (a restored checkpoint's position): the next call is line
  /// `line` + 1.
  void resume_after(std::uint64_t line) noexcept { line_ = line; }

private:
  [[nodiscard]] std::variant<timestamped_csv_row, std::string> parse(std::string_view line) const;

  timestamped_csv_format format_;
  /// The header's three names: key, timestamp, number.
  std::string_view names_[3];
  std::uint64_t line_ = 0;
};

} // namespace weir::cli
