#include "bench/report_line.hpp"

#include <cstdio>

namespace weir::bench {

report_line& report_line::add(std::string_view key, std::string_view value) {
  if (!line_.empty())
    line_ += ' ';
  line_.append(key);
  line_ += '=';
  line_.append(value);
  return *this;
}

report_line& report_line::add(std::string_view key, std::uint64_t value) {
  return add(key, std::string_view{std::to_string(value)});
}

report_line& report_line::add(std::string_view key, std::int64_t value) {
  return add(key, std::string_view{std::to_string(value)});
}

report_line& report_line::add(std::string_view key, double value, const char* format) {
  char buf[64];
  std::snprintf(buf, sizeof buf, format, value);
  return add(key, std::string_view{buf});
}

} // namespace weir::bench
