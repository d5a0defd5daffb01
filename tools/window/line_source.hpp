#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>

#include "weir/collector.hpp"
#include "weir/source_function.hpp"
#include "window/record_parser.hpp"
#include "window/window_record.hpp"

namespace weir::window {

/// Reads the rows of one file descriptor (a file or stdin) as they arrive and emits them in
/// order: a Weir source, not a collection read up front, so that rows from a pipe enter the
/// job when they are written. A poll never blocks: it asks ::poll whether the descriptor is
/// readable and reads at most one chunk, else reports nothing_available. The first malformed
/// line stops the job (the source throws) and is kept in the shared report so that the
/// program can tell bad input from a failing job. Parallelism 1 (one reader of one
/// descriptor); copies share the reader. Does not close the descriptor.
class line_source final : public source_function<window_record> {
public:
  /// What the program reads back after the job: the first malformed line, if any.
  struct report {
    std::optional<malformed_line> malformed;
    std::uint64_t lines = 0;
  };

  line_source(int fd, std::shared_ptr<report> report);

  source_status poll(collector<window_record>& out, std::size_t max_records) override;

private:
  struct reader {
    int fd = -1;
    std::string buffer;    ///< bytes read, from `consumed` on not yet split into lines
    std::size_t consumed = 0;
    bool eof = false;
    record_parser parser;
  };

  /// Parses one line; throws weir_exception after recording a malformed one.
  void take(std::string_view line, collector<window_record>& out, std::size_t& emitted);

  std::shared_ptr<reader> reader_;
  std::shared_ptr<report> report_;
};

} // namespace weir::window
