#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "weir/error.hpp"
#include "weir/write_mode.hpp"

namespace weir::flow {

/// Where and how a text or CSV sink writes (Flink's FileOutputFormat settings): at parallelism
/// 1 the file at `path`; at parallelism N a directory at `path` holding files "1".."N", one per
/// parallel instance. Plain value, copied into every instance.
struct file_output {
  std::string path;
  write_mode mode = write_mode::no_overwrite;
  bool csv = false;
  char delimiter = ','; ///< CSV field delimiter; not `"`, CR or LF

  /// "Text File Sink: <path>" or "CSV File Sink: <path>".
  [[nodiscard]] std::string sink_name() const;
  /// "write_as_text('<path>')" or "write_as_csv('<path>')", as errors name the sink.
  [[nodiscard]] std::string call() const;

  /// The plan-time check (before anything runs): the delimiter, and what already exists at
  /// the path against the write mode (see weir::write_mode). errc::io_error for the file
  /// system, errc::invalid_configuration for the delimiter.
  [[nodiscard]] std::optional<error> validate() const;

  /// The file instance `subtask` of `parallelism` writes.
  [[nodiscard]] std::filesystem::path part_path(int subtask, int parallelism) const;

  /// Run by each instance when it opens: creates the directories its file needs; with
  /// write_mode::overwrite removes what a previous run left at the path (the old file, a
  /// directory of a different parallelism, part files numbered beyond `parallelism`).
  [[nodiscard]] std::optional<error> prepare(int subtask, int parallelism) const;

  /// True if `dir` holds nothing but what a parallel file sink writes (files named by a
  /// number, and their `.inprogress` companions): the only directory overwrite replaces.
  [[nodiscard]] static bool holds_only_part_files(const std::filesystem::path& dir);
};

} // namespace weir::flow
