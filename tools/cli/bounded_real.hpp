#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <CLI/CLI.hpp>

namespace weir::cli {

/// Why `text` is not a finite decimal number in min..max ("must be a number in 0..1e+12, not
/// 'inf'"), or nothing if it is one. Rejects what overflows to infinity ("1e400"), NaN, and
/// trailing text.
[[nodiscard]] std::optional<std::string> bounded_real_problem(std::string_view text, double min,
                                                              double max);

/// A CLI11 check for it; CLI11 prefixes the message with the flag.
[[nodiscard]] CLI::Validator bounded_real(double min, double max);

} // namespace weir::cli
