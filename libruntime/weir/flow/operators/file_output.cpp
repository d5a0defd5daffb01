#include "weir/flow/operators/file_output.hpp"

#include <cerrno>
#include <cstring>
#include <string_view>

#include <unistd.h>

namespace weir::flow {

namespace {

namespace fs = std::filesystem;

const char* kind_of(fs::file_type t) {
  switch (t) {
    case fs::file_type::directory: return "a directory";
    case fs::file_type::fifo: return "a FIFO";
    case fs::file_type::socket: return "a socket";
    case fs::file_type::block: return "a block device";
    case fs::file_type::character: return "a character device";
    case fs::file_type::symlink: return "a dangling symbolic link";
    default: return "a file of unknown type";
  }
}

bool is_part_number(std::string_view name) {
  return !name.empty() && name.size() <= 9 && name.find_first_not_of("0123456789") == name.npos
         && name[0] != '0';
}

/// The number of a part file ("7" or "7.inprogress"), or 0 for anything else.
int part_number(std::string_view name) {
  constexpr std::string_view suffix = ".inprogress";
  if (name.ends_with(suffix))
    name.remove_suffix(suffix.size());
  return is_part_number(name) ? std::stoi(std::string{name}) : 0;
}

std::optional<error> io(std::string message) {
  return error{errc::io_error, std::move(message)};
}

} // namespace

std::string file_output::sink_name() const {
  return (csv ? "CSV File Sink: " : "Text File Sink: ") + path;
}

std::string file_output::call() const {
  return (csv ? "write_as_csv('" : "write_as_text('") + path + "')";
}

bool file_output::holds_only_part_files(const fs::path& dir) {
  std::error_code ec;
  for (fs::directory_iterator it{dir, ec}, end; !ec && it != end; it.increment(ec))
    if (!it->is_regular_file(ec) || part_number(it->path().filename().string()) == 0)
      return false;
  return !ec;
}

std::optional<error> file_output::validate() const {
  if (path.empty())
    return error{errc::invalid_configuration,
                 (csv ? std::string{"write_as_csv"} : std::string{"write_as_text"})
                   + " was given an empty path; pass the file (or, at parallelism above one, "
                     "the directory) to write"};
  if (csv && (delimiter == '"' || delimiter == '\r' || delimiter == '\n'))
    return error{errc::invalid_configuration,
                 call() + " cannot use a double quote, CR or LF as the field delimiter: they "
                          "delimit quoted fields and lines (RFC 4180); pass another character, "
                          "e.g. ',' or ';'"};
  std::error_code ec;
  auto st = fs::symlink_status(path, ec);
  if (ec && ec != std::errc::no_such_file_or_directory)
    return io(call() + ": cannot inspect '" + path + "': " + ec.message());
  if (!fs::exists(st))
    return std::nullopt;
  if (st.type() == fs::file_type::symlink)
    st = fs::status(path, ec); // a link to a file or directory counts as what it points at
  bool dir = fs::is_directory(st);
  if (!dir && !fs::is_regular_file(st))
    return io(call() + ": '" + path + "' is " + kind_of(st.type())
              + "; file sinks write regular files, choose another path");
  if (mode == write_mode::no_overwrite) {
    if (!dir)
      return io(call() + ": output file '" + path
                + "' already exists and write_as_text/write_as_csv do not overwrite by default; "
                  "pass weir::write_mode::overwrite to replace it, or choose another path");
    if (!fs::is_empty(path, ec))
      return io(call() + ": output directory '" + path
                + "' already exists and is not empty; pass weir::write_mode::overwrite to "
                  "replace a parallel sink's earlier output, or choose another path");
    return std::nullopt;
  }
  if (dir && !holds_only_part_files(path))
    return io(call() + ": '" + path
              + "' is a directory with files a file sink did not write (only numbered files "
                "and their .inprogress companions); weir::write_mode::overwrite replaces only a "
                "sink's own output: remove the directory yourself or choose another path");
  return std::nullopt;
}

fs::path file_output::part_path(int subtask, int parallelism) const {
  if (parallelism <= 1)
    return path;
  return fs::path{path} / std::to_string(subtask + 1);
}

// Every instance runs this concurrently, so each step is idempotent and never undoes another
// instance's work: unlink(2) never removes a directory, remove_all only runs at parallelism 1,
// and only instance 0 removes part files, those numbered beyond the parallelism.
std::optional<error> file_output::prepare(int subtask, int parallelism) const {
  std::error_code ec;
  auto file = part_path(subtask, parallelism);
  bool overwrite = mode == write_mode::overwrite;
  if (parallelism <= 1) {
    if (!overwrite && fs::is_directory(fs::status(path, ec)))
      return io(call() + ": '" + path + "' is a directory, and at parallelism 1 the sink writes "
                "a file at its path; remove the empty directory, or give the sink a parallelism "
                "above one to write files 1..N into it");
    if (overwrite && fs::is_directory(fs::symlink_status(path, ec))) {
      if (!holds_only_part_files(path))
        return io(call() + ": '" + path + "' became a directory with other files while the "
                  "job started; it is not replaced");
      fs::remove_all(path, ec);
      if (ec)
        return io(call() + ": cannot remove the earlier output directory '" + path
                  + "': " + ec.message());
    }
  } else {
    if (overwrite && ::unlink(path.c_str()) != 0 && errno != ENOENT && errno != EISDIR)
      return io(call() + ": cannot remove the earlier output file '" + path
                + "': " + std::strerror(errno));
  }
  if (file.has_parent_path()) {
    fs::create_directories(file.parent_path(), ec);
    if (ec)
      return io(call() + ": cannot create the directory '" + file.parent_path().string()
                + "': " + ec.message());
  }
  if (!overwrite)
    return std::nullopt;
  // The earlier output goes now, so that a run that dies leaves no old file beside new ones.
  if (::unlink(file.c_str()) != 0 && errno != ENOENT)
    return io(call() + ": cannot remove the earlier output file '" + file.string()
              + "': " + std::strerror(errno));
  if (parallelism > 1 && subtask == 0)
    for (fs::directory_iterator it{path, ec}, end; !ec && it != end; it.increment(ec))
      if (part_number(it->path().filename().string()) > parallelism) {
        std::error_code rm;
        if (!fs::remove(it->path(), rm) && rm)
          return io(call() + ": cannot remove the earlier part file '" + it->path().string()
                    + "': " + rm.message());
      }
  return std::nullopt;
}

} // namespace weir::flow
