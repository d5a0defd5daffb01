// weir-window: one keyed event-time (or count) window operator over CSV rows
// `key,timestamp_ms,value`, for exploring Flink's window semantics from the shell (issue 11,
// point 6). The job and its contract are in window_job.hpp and window_rows.hpp.
//
//   weir-window --assigner tumbling|sliding|session|count [--size MS_OR_N] [--slide MS_OR_N]
//     [--offset MS] [--gap MS] [--allowed-lateness-ms MS] [--bound-ms MS] [--purging]
//     [--aggregate sum|count|avg|min|max] [--input FILE] [--output FILE] [--late-output FILE]
//
// Exit status: 0 done; 2 bad flags or a malformed input line (nothing written); 1 the input
// or an output could not be read or written, or the job failed.

#include <cerrno>
#include <cstdlib>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <iostream>
#include <optional>
#include <string>

#include <fcntl.h>
#include <unistd.h>

#include <CLI/CLI.hpp>

#include "cli/bounded_integer.hpp"
#include "weir/logger.hpp"
#include "window/window_job.hpp"
#include "window/window_options.hpp"
#include "window/window_rows.hpp"

namespace {

using weir::window::duration_limit;

/// Writes `text` to `path` ("" or "-" = stdout); false with a message if it could not.
bool write_all(const std::string& path, const std::string& text, const char* flag) {
  if (path.empty() || path == "-") {
    std::cout << text << std::flush;
    return static_cast<bool>(std::cout);
  }
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (!out) {
    std::cerr << "weir-window: cannot write " << flag << " '" << path
              << "': " << std::strerror(errno) << '\n';
    return false;
  }
  return true;
}

} // namespace

int main(int argc, char** argv) {
  CLI::App app{"Runs one keyed window operator (Flink's semantics) over CSV rows "
               "key,timestamp_ms,value and prints key,window_start,window_end,fire_index,result"};
  weir::window::window_options o;
  std::string assigner;
  std::string aggregate = "sum";
  std::int64_t size = 0, slide = 0, offset = 0, gap = 0, lateness = 0, bound = 0;
  std::string late_output;

  app.add_option("--assigner", assigner, "Window assigner: tumbling, sliding, session or count")
    ->required()
    ->check(CLI::IsMember({"tumbling", "sliding", "session", "count"}));
  weir::cli::add_bounded_option(app, "--size", size, 1, duration_limit,
                                "Window length in ms (tumbling, sliding) or elements (count)")
    ->default_str("");
  weir::cli::add_bounded_option(app, "--slide", slide, 1, duration_limit,
                                "ms between window starts (sliding) or elements between "
                                "firings (count)")
    ->default_str("");
  weir::cli::add_bounded_option(app, "--offset", offset, -duration_limit, duration_limit,
                                "Shift of tumbling/sliding window starts in ms, |offset| < "
                                "size (tumbling) or slide (sliding)");
  weir::cli::add_bounded_option(app, "--gap", gap, 1, duration_limit,
                                "Session gap in ms (session)")
    ->default_str("");
  weir::cli::add_bounded_option(app, "--allowed-lateness-ms", lateness, 0, duration_limit,
                                "Keep event-time windows this long after their end and fire "
                                "again per late record");
  weir::cli::add_bounded_option(app, "--bound-ms", bound, 0, duration_limit,
                                "Out-of-orderness bound: watermark = max timestamp seen - bound "
                                "- 1, after every record");
  app.add_flag("--purging", o.purging,
               "Wrap the event-time trigger in a purging trigger (a firing empties the window)");
  app.add_option("--aggregate", aggregate, "What a firing reports: sum, count, avg, min or max")
    ->check(CLI::IsMember({"sum", "count", "avg", "min", "max"}))
    ->capture_default_str();
  app.add_option("--input", o.input, "CSV rows key,timestamp_ms,value (default: stdin)");
  app.add_option("--output", o.output,
                 "Where the sorted window rows go, replacing the file (default: stdout)");
  app.add_option("--late-output", late_output,
                 "Where records too late for every window go, as key,timestamp_ms,value");

  try {
    app.parse(argc, argv);
    o.assigner = *weir::window::parse_assigner(assigner);
    o.aggregate = *weir::window::parse_aggregate(aggregate);
    auto given = [&](const char* flag) { return app.count(flag) > 0; };
    if (given("--size"))
      o.size = size;
    if (given("--slide"))
      o.slide = slide;
    if (given("--offset"))
      o.offset = offset;
    if (given("--gap"))
      o.gap = gap;
    if (given("--allowed-lateness-ms"))
      o.allowed_lateness_ms = lateness;
    if (given("--bound-ms"))
      o.bound_ms = bound;
    if (given("--late-output"))
      o.late_output = late_output;
    if (auto problem = o.validate())
      throw CLI::ValidationError(*problem);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }

  // The program reports a failed job itself; the job log's warning would say it twice.
  if (std::getenv("WEIR_LOG_LEVEL") == nullptr)
    weir::logger("weir.job")->set_level(spdlog::level::err);

  int fd = STDIN_FILENO;
  if (!o.reads_stdin()) {
    fd = ::open(o.input.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      std::cerr << "weir-window: cannot read --input '" << o.input
                << "': " << std::strerror(errno) << '\n';
      return 1;
    }
  }
  auto result = weir::window::run_window_job(o, fd);
  if (fd != STDIN_FILENO)
    ::close(fd);

  const std::string input_name = o.reads_stdin() ? "stdin" : "'" + o.input + "'";
  if (result.malformed) {
    std::cerr << "weir-window: malformed row in " << input_name << ", "
              << result.malformed->describe()
              << "\n  rows are key,timestamp_ms,value (an integer timestamp in ms, a finite "
                 "number as value; a header key,timestamp_ms,value may open the input): fix or "
                 "remove the line. Nothing was written.\n";
    return 2;
  }
  if (result.failure) {
    std::cerr << "weir-window: the job failed: " << result.failure->to_string()
              << "\n  Nothing was written.\n";
    return 1;
  }

  std::string rows;
  for (const auto& row : weir::window::number_firings(o.assigner, result.firings))
    rows += to_csv(row) + '\n';
  std::string late;
  for (const auto& r : result.late)
    late += to_csv(r) + '\n';
  if (o.late_output && !write_all(*o.late_output, late, "--late-output"))
    return 1;
  if (!write_all(o.output, rows, "--output"))
    return 1;
  if (!o.late_output && !result.late.empty())
    std::cerr << "weir-window: dropped " << result.late.size()
              << " late record(s); --late-output FILE keeps them\n";
  return 0;
}
