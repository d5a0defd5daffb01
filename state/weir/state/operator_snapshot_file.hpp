#pragma once

#include <filesystem>

#include "weir/state/operator_state_image.hpp"
#include "weir/state/operator_state_snapshot.hpp"
#include "weir/state/result.hpp"

namespace weir::state {

/// Writes and reads the operator-state snapshot file (operator_snapshot_format) of one
/// operator instance. Reading checks magic, version, lengths and checksums, and every
/// error names the file. Stateless; callable from any thread.
class operator_snapshot_file {
public:
  /// Creates `directory` if missing and writes `image` into its snapshot file.
  static result<operator_state_snapshot> write(const std::filesystem::path& directory,
                                               const operator_state_image& image);

  /// Reads the snapshot file in `directory`.
  static result<operator_state_image> read(const std::filesystem::path& directory);
};

} // namespace weir::state
