#pragma once

#include <filesystem>

#include "checkpoint/checkpoint_inspection.hpp"
#include "weir/checkpoint/checkpoint_metadata.hpp"

namespace weir::checkpoint_tool {

/// Reads one part of `subtask` (of operator `op`) in the checkpoint at `directory` with the
/// state layer: keyed and extras parts with state::snapshot_reader, operator_state parts with
/// state::operator_snapshot_file. Counts each state's entries and bytes, and records as the
/// part's problem a missing, truncated or corrupt file, or a header that disagrees with the
/// manifest (key groups, max parallelism, subtask index, parallelism).
[[nodiscard]] part_summary inspect_part(part_kind kind, const std::filesystem::path& directory,
                                        const checkpoint::operator_snapshot& op,
                                        const checkpoint::subtask_state& subtask);

} // namespace weir::checkpoint_tool
