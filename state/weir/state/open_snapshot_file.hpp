#pragma once

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string_view>

#include "weir/state/result.hpp"

namespace weir::state {

/// A snapshot file opened for reading, with its size.
struct opened_snapshot_file {
  std::filesystem::path file;
  std::ifstream in;
  std::uint64_t size = 0;
};

/// Opens `directory / file_name` for reading after checking what is there, so that a
/// snapshot path never hangs and never fails vaguely: nothing there is `snapshot_missing`
/// (naming the directory if that is missing too); a directory, FIFO, socket or device is
/// `snapshot_missing` saying what it is ("... is a directory, not a snapshot file") and is
/// never opened (opening a FIFO would block); an OS error is `io_error` with its reason.
/// `kind` names the snapshot for the messages ("keyed-state", "operator-state").
result<opened_snapshot_file> open_snapshot_file(const std::filesystem::path& directory,
                                                std::string_view file_name, std::string_view kind);

} // namespace weir::state
