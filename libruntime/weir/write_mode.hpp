#pragma once

namespace weir {

/// What write_as_text / write_as_csv do when their path already exists (Flink's
/// FileSystem.WriteMode). The check runs when execute() plans the job, before anything runs.
enum class write_mode {
  /// Default. The job fails before it runs (errc::io_error naming the path) if a file or a
  /// non-empty directory is at the path; an empty directory is accepted as the home of a
  /// parallel sink's files 1..N. Output never replaces anything, not even output that appears
  /// while the job runs.
  no_overwrite,
  /// Replaces what is at the path: a file, or a directory written by a parallel file sink
  /// (numbered files and their `.inprogress` companions only; any other directory is refused,
  /// so a typo never deletes a directory of other data).
  overwrite,
};

} // namespace weir
