#include "cli/bounded_real.hpp"

#include <cmath>
#include <cstdlib>
#include <sstream>

namespace weir::cli {

namespace {

std::string shortest(double v) {
  std::ostringstream s;
  s << v; // 6 significant digits: bounds print as 0 and 1e+12, never as 309 digits
  return s.str();
}

} // namespace

std::optional<std::string> bounded_real_problem(std::string_view text, double min, double max) {
  std::string copy{text};
  char* end = nullptr;
  double v = copy.empty() || std::isspace(static_cast<unsigned char>(copy[0]))
               ? NAN
               : std::strtod(copy.c_str(), &end);
  bool whole = end != nullptr && *end == '\0';
  if (!whole || !std::isfinite(v) || v < min || v > max)
    return "must be a number in " + shortest(min) + ".." + shortest(max) + ", not '" + copy + "'";
  return std::nullopt;
}

CLI::Validator bounded_real(double min, double max) {
  return CLI::Validator{
    [min, max](std::string& text) -> std::string {
      return bounded_real_problem(text, min, max).value_or(std::string{});
    },
    "NUMBER in " + shortest(min) + ".." + shortest(max)};
}

} // namespace weir::cli
