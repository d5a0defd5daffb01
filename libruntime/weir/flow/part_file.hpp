#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>

#include "weir/error.hpp"
#include "weir/flow/appending_ostream.hpp"

namespace weir::flow {

/// One output file of a text or CSV sink, written the way Flink writes part files: under
/// `<file>.inprogress` while the job runs, renamed to `<file>` when the sink's input ended.
/// Lines are gathered in a buffer and handed to the kernel as whole lines only, so a reader
/// never sees half a line at the end of a finished file, and a process killed with SIGKILL
/// leaves no `<file>` at all: only `<file>.inprogress`, holding the lines written so far (the
/// kernel may cut a write() of a killed process at a page boundary, which is why the final
/// name is given by rename(2), never by the writes themselves). One sink instance owns it.
class part_file {
public:
  /// Bytes of whole lines gathered before they are written. Default: 1 MiB.
  static constexpr std::size_t flush_threshold = std::size_t{1} << 20;

  part_file() = default;
  ~part_file();
  part_file(const part_file&) = delete;
  part_file& operator=(const part_file&) = delete;

  /// Opens `<file>.inprogress` for writing; a stale one (left by a killed run) is truncated.
  [[nodiscard]] std::optional<error> open(std::filesystem::path file);

  /// Where the current line is rendered, as a string or a stream; end it with end_line().
  [[nodiscard]] std::string& line() noexcept { return buffer_; }
  [[nodiscard]] std::ostream& stream() noexcept { return stream_; }
  /// Ends the current line; writes the buffered lines once they exceed flush_threshold.
  [[nodiscard]] std::optional<error> end_line();
  /// Writes every complete buffered line (call after each batch, so output appears promptly).
  [[nodiscard]] std::optional<error> flush();

  /// Flushes, closes and gives the file its final name. With `replace` false the final name
  /// must still be free (write_mode::no_overwrite): output that appeared while the job ran is
  /// an error, never replaced.
  [[nodiscard]] std::optional<error> commit(bool replace);
  /// Flushes the complete lines and closes, leaving `<file>.inprogress` (a job that was
  /// cancelled or failed). Does nothing after commit().
  void abandon() noexcept;

  [[nodiscard]] const std::filesystem::path& path() const noexcept { return file_; }
  [[nodiscard]] std::filesystem::path in_progress_path() const;

private:
  [[nodiscard]] std::optional<error> write_out(std::size_t bytes);
  [[nodiscard]] std::optional<error> io_failure(const std::string& what, int err) const;

  std::filesystem::path file_;
  int fd_ = -1;
  std::string buffer_;
  std::size_t complete_ = 0; // bytes of buffer_ that are whole lines
  appending_ostream stream_{buffer_};
};

} // namespace weir::flow
