#pragma once

#include <concepts>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

#include <CLI/CLI.hpp>

namespace weir::cli {

/// Why `text` is not a decimal integer in min..max, e.g. "must be an integer in 1..32768, not
/// '-1'", or nothing if it is one. Accepts an optional sign and decimal digits (leading zeros
/// are decimal, not octal); rejects anything else, and numbers beyond the bounds however many
/// digits they have, so nothing wraps (-1 as 2^64 - 1) or saturates.
[[nodiscard]] std::optional<std::string> bounded_integer_problem(std::string_view text,
                                                                 std::int64_t min,
                                                                 std::uint64_t max);

/// `text`, checked by bounded_integer_problem, in canonical form: no sign for positive values,
/// no leading zeros ("+007" -> "7").
[[nodiscard]] std::string canonical_integer(std::string_view text);

/// A CLI11 transform that checks an option's text with bounded_integer_problem and rewrites it
/// in canonical form, so CLI11's own conversion only sees what was checked. CLI11 prefixes the
/// message with the flag: "--parallelism: must be an integer in 1..32768, not '-1'".
[[nodiscard]] CLI::Validator bounded_integer(std::int64_t min, std::uint64_t max);

/// Adds `flag` reading an integer in min..max into `target` (default: its current value). The
/// bounds must fit T. The one way Weir's programs read counts and sizes.
template <std::integral T>
CLI::Option* add_bounded_option(CLI::App& app, const std::string& flag, T& target,
                                std::int64_t min, std::uint64_t max, const std::string& help) {
  if constexpr (std::is_signed_v<T>) {
    if (min < std::numeric_limits<T>::min()
        || max > static_cast<std::uint64_t>(std::numeric_limits<T>::max()))
      throw CLI::IncorrectConstruction(flag + ": bounds beyond the range of its type");
  } else {
    if (min < 0 || max > std::numeric_limits<T>::max())
      throw CLI::IncorrectConstruction(flag + ": bounds beyond the range of its type");
  }
  return app.add_option(flag, target, help)
    ->transform(bounded_integer(min, max))
    ->type_name("INT in " + std::to_string(min) + ".." + std::to_string(max))
    ->capture_default_str();
}

} // namespace weir::cli
