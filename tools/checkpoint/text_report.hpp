#pragma once

#include <string>

#include "checkpoint/checkpoint_inspection.hpp"

namespace weir::checkpoint_tool {

/// The report `weir-checkpoint inspect` prints: the checkpoint (job, id, kind, time, size),
/// then per operator its subtasks, their parts and each part's states, with a part's problem
/// under it and a count of problems at the end.
[[nodiscard]] std::string text_report(const checkpoint_inspection& inspection);

} // namespace weir::checkpoint_tool
