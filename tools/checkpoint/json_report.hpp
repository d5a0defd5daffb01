#pragma once

#include <string>

#include "checkpoint/checkpoint_inspection.hpp"

namespace weir::checkpoint_tool {

/// The report of `weir-checkpoint inspect --json`: what text_report says, as one pretty JSON
/// object (its layout is documented in json_report.cpp); a part's problem is its "problem"
/// field, and "problems" lists them all.
[[nodiscard]] std::string json_report(const checkpoint_inspection& inspection);

} // namespace weir::checkpoint_tool
