#pragma once

#include <cstdint>
#include <iosfwd>
#include <string_view>

#include "bench/report_line.hpp"
#include "bench/stateless_run.hpp"

namespace weir::bench {

// The fields a run of the stateless and keyed-window commands reports, in their order.

/// `events_per_sec`, `results` and `checksum` (the integer checksum printed in degrees).
void add_totals(report_line& line, const stateless_run& run, std::uint64_t events);

/// `baseline_events_per_sec`, `ratio` (Weir / plain loop) and `match` (results and checksum
/// identical); returns whether they match.
bool add_comparison(report_line& line, const stateless_run& run, const stateless_run& reference,
                    std::uint64_t events);

/// Says on `err`, after `prefix`, what Weir and the plain loop computed when they differ.
void report_mismatch(std::ostream& err, std::string_view prefix, const stateless_run& run,
                     const stateless_run& reference);

} // namespace weir::bench
