#pragma once

namespace weir::bench {

/// Which implementation(s) a weir-bench command runs.
enum class bench_mode {
  weir,     ///< Weir only
  baseline, ///< the plain loop only
  compare,  ///< the plain loop, then Weir, in the same process; reports the ratio
};

/// "weir", "baseline" or "compare", as printed in the `mode=` field.
[[nodiscard]] constexpr const char* to_string(bench_mode mode) noexcept {
  switch (mode) {
    case bench_mode::weir:
      return "weir";
    case bench_mode::baseline:
      return "baseline";
    case bench_mode::compare:
      return "compare";
  }
  return "?";
}

} // namespace weir::bench
