#pragma once

#include <string>

#include "weir/error.hpp"

namespace weir {

/// How a line-oriented file sink renders a record: as text (print's and write_as_text's
/// form, see record_format) or as one RFC 4180 CSV line (write_as_csv's form: the fields of
/// pairs and tuples separated by the delimiter). Plain value.
class line_format {
public:
  /// One line per record in its text form. The default.
  static line_format text() noexcept { return line_format{false, ','}; }
  /// One CSV line per record. Throws weir_exception for a delimiter that cannot separate
  /// fields (a double quote, CR or LF).
  static line_format csv(char delimiter = ',') {
    if (delimiter == '"' || delimiter == '\r' || delimiter == '\n')
      throw weir_exception(error{errc::invalid_configuration,
                                 "line_format::csv: the delimiter cannot be a double quote, CR or "
                                 "LF; use ',', ';', '\\t' or '|'"});
    return line_format{true, delimiter};
  }

  [[nodiscard]] bool is_csv() const noexcept { return csv_; }
  [[nodiscard]] char delimiter() const noexcept { return delimiter_; }

private:
  line_format(bool csv, char delimiter) noexcept : csv_(csv), delimiter_(delimiter) {}

  bool csv_;
  char delimiter_;
};

} // namespace weir
