#include "cli/bounded_integer.hpp"

#include <charconv>

namespace weir::cli {

namespace {

struct parsed {
  bool negative = false;
  std::string_view digits; // without sign and leading zeros; empty for zero
};

std::optional<parsed> parse(std::string_view text) {
  parsed p;
  if (!text.empty() && (text[0] == '-' || text[0] == '+')) {
    p.negative = text[0] == '-';
    text.remove_prefix(1);
  }
  if (text.empty() || text.find_first_not_of("0123456789") != std::string_view::npos)
    return std::nullopt;
  auto first = text.find_first_not_of('0');
  p.digits = first == std::string_view::npos ? std::string_view{} : text.substr(first);
  return p;
}

} // namespace

std::optional<std::string> bounded_integer_problem(std::string_view text, std::int64_t min,
                                                   std::uint64_t max) {
  auto range = std::to_string(min) + ".." + std::to_string(max);
  auto problem = [&] {
    return "must be an integer in " + range + ", not '" + std::string{text} + "'";
  };
  auto p = parse(text);
  if (!p)
    return problem();
  // The magnitude of anything longer than 20 digits is beyond every 64-bit bound.
  std::uint64_t magnitude = 0;
  if (p->digits.size() > 20)
    return problem();
  auto [end, ec] = std::from_chars(p->digits.data(), p->digits.data() + p->digits.size(),
                                   magnitude);
  if (!p->digits.empty() && (ec != std::errc{} || end != p->digits.data() + p->digits.size()))
    return problem(); // beyond 2^64 - 1
  if (p->negative && magnitude != 0) {
    // -magnitude >= min  <=>  magnitude <= -min, computed without overflow
    auto limit = min >= 0 ? 0 : static_cast<std::uint64_t>(-(min + 1)) + 1;
    if (magnitude > limit)
      return problem();
    return std::nullopt;
  }
  if (magnitude > max || (min > 0 && magnitude < static_cast<std::uint64_t>(min)))
    return problem();
  return std::nullopt;
}

std::string canonical_integer(std::string_view text) {
  auto p = parse(text);
  if (!p || p->digits.empty())
    return "0";
  return (p->negative ? "-" : "") + std::string{p->digits};
}

CLI::Validator bounded_integer(std::int64_t min, std::uint64_t max) {
  return CLI::Validator{
    [min, max](std::string& text) -> std::string {
      if (auto problem = bounded_integer_problem(text, min, max))
        return *problem;
      text = canonical_integer(text);
      return {};
    },
    ""}; // add_bounded_option names the range in the type: "INT in 1..32768"
}

} // namespace weir::cli
