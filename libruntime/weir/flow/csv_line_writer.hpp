#pragma once

#include <string>
#include <string_view>
#include <tuple>
#include <utility>

#include "weir/flow/appending_ostream.hpp"
#include "weir/record_format.hpp"

namespace weir::flow {

/// Renders records as CSV lines (RFC 4180) for write_as_csv: a pair or tuple is one field per
/// element, any other record one field; each field is the element's text form (record_format).
/// A field that holds the delimiter, a double quote, CR or LF is enclosed in double quotes with
/// its quotes doubled; a line that would be blank (one empty field) is written as `""`, so that
/// it still reads back as one record. Lives in one sink instance; not thread-safe.
class csv_line_writer {
public:
  explicit csv_line_writer(char delimiter) : delimiter_(delimiter) {}
  csv_line_writer(const csv_line_writer&) = delete;
  csv_line_writer& operator=(const csv_line_writer&) = delete;

  /// Appends the fields of `record` to `line`, without the line break.
  template <class T>
  void append(std::string& line, const T& record) {
    if constexpr (requires { std::tuple_size<T>::value; }) {
      if constexpr (std::tuple_size<T>::value == 1) {
        append_only_field(line, std::get<0>(record));
      } else {
        std::apply([&](const auto&... fields) {
          bool first = true;
          ((append_field(line, fields, first), first = false), ...);
        }, record);
      }
    } else {
      append_only_field(line, record);
    }
  }

  /// Appends `field` to `line` as one RFC 4180 field.
  static void append_quoted(std::string& line, std::string_view field, char delimiter) {
    const char special[] = {delimiter, '"', '\r', '\n'};
    if (field.find_first_of(std::string_view{special, sizeof special}) == std::string_view::npos) {
      line.append(field);
      return;
    }
    line.push_back('"');
    for (char c : field) {
      if (c == '"')
        line.push_back('"');
      line.push_back(c);
    }
    line.push_back('"');
  }

private:
  template <class F>
  void append_field(std::string& line, const F& field, bool first) {
    if (!first)
      line.push_back(delimiter_);
    render(field);
    append_quoted(line, text_, delimiter_);
  }

  template <class F>
  void append_only_field(std::string& line, const F& field) {
    render(field);
    if (text_.empty())
      line.append("\"\"");
    else
      append_quoted(line, text_, delimiter_);
  }

  template <class F>
  void render(const F& field) {
    text_.clear();
    format_record(text_stream_, field);
  }

  char delimiter_;
  std::string text_;
  appending_ostream text_stream_{text_};
};

} // namespace weir::flow
