#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace weir::bench {

/// One line of space-separated key=value pairs, in the order added: the output format of
/// weir-bench, easy to grep and to parse with a shell loop.
class report_line {
public:
  report_line& add(std::string_view key, std::string_view value);
  report_line& add(std::string_view key, std::uint64_t value);
  report_line& add(std::string_view key, std::int64_t value);
  report_line& add(std::string_view key, int value) {
    return add(key, static_cast<std::int64_t>(value));
  }
  /// A double in printf `format` (e.g. "%.3f", "%.9e").
  report_line& add(std::string_view key, double value, const char* format);

  [[nodiscard]] const std::string& str() const noexcept { return line_; }

private:
  std::string line_;
};

} // namespace weir::bench
