#pragma once

#include <cstdint>
#include <fstream>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "weir/error.hpp"
#include "weir/flow/source_operator.hpp"

namespace weir::flow {

/// read_text_file: one record per line, without the line break. A line ends at LF or at the
/// end of the file; one CR right before that end is part of the line break and removed, so a
/// CRLF file gives the same records as its LF copy, its last line included, with or without a
/// final line break ("a\r\n", "a\n", "a\r" at the end of the file and "a" all give "a"). Any
/// other CR stays in the record (Flink's TextInputFormat does the same). A final line break
/// ends the last line and starts none: "a\n" is one record, "a\n\n" two. Instance i of P
/// reads the lines that start in the i-th of P equal byte ranges of the file, so lines are
/// neither lost nor read twice at any parallelism, wherever a boundary falls (between CR and
/// LF too). Reads at most one poll's worth of lines per activation.
class text_file_source final : public typed_source_operator<std::string> {
public:
  text_file_source(runtime_context ctx, std::string path);

  void open() override;
  void close() override;

  /// The position is part of checkpoints: the byte ranges left to read, from a line start.
  void snapshot_state(state_snapshot_context& ctx) override;
  void initialize_state(state_initialization_context& ctx) override;

  /// Checks before the job runs that `path` names a readable regular file.
  [[nodiscard]] static std::optional<error> validate(const std::string& path);

protected:
  source_status produce(collector<std::string>& out, std::size_t max_records) override;

private:
  std::string path_;
  std::ifstream in_;
  std::uint64_t end_ = 0;  // first byte of the next instance's range
  std::uint64_t pos_ = 0;  // offset of the next line's first byte
  std::string line_;
  /// Restored ranges [first line start, end) still to read after the current one.
  std::vector<std::pair<std::uint64_t, std::uint64_t>> pending_;
  bool restored_ = false;
  static constexpr const char* part = "weir.source-splits";

  bool next_range();
};

} // namespace weir::flow
