#include "weir/state/open_snapshot_file.hpp"

#include <cerrno>
#include <system_error>
#include <string>

namespace weir::state {

namespace {

const char* describe(std::filesystem::file_type type) {
  using std::filesystem::file_type;
  switch (type) {
    case file_type::directory: return "a directory";
    case file_type::fifo: return "a FIFO";
    case file_type::socket: return "a socket";
    case file_type::block: return "a block device";
    case file_type::character: return "a character device";
    default: return "not a regular file";
  }
}

} // namespace

result<opened_snapshot_file> open_snapshot_file(const std::filesystem::path& directory,
                                                std::string_view file_name,
                                                std::string_view kind) {
  namespace fs = std::filesystem;
  opened_snapshot_file out;
  out.file = directory / file_name;
  std::error_code ec;
  auto dir_status = fs::status(directory, ec);
  if (dir_status.type() == fs::file_type::not_found)
    return error{errc::snapshot_missing,
                 "snapshot directory " + directory.string() + " does not exist (looked for "
                   + out.file.string() + "); pass the directory a " + std::string{kind}
                   + " snapshot was written to"};
  if (dir_status.type() == fs::file_type::regular)
    return error{errc::snapshot_missing,
                 directory.string() + " is a file, not a snapshot directory; pass the directory "
                   "that holds " + std::string{file_name}};
  auto status = fs::status(out.file, ec);
  if (status.type() == fs::file_type::not_found)
    return error{errc::snapshot_missing,
                 "snapshot file " + out.file.string() + " does not exist; pass the directory a "
                   + std::string{kind} + " snapshot was written to"};
  if (ec)
    return error{errc::io_error,
                 "cannot read snapshot file " + out.file.string() + ": " + ec.message()};
  if (status.type() != fs::file_type::regular)
    return error{errc::snapshot_missing, "snapshot file " + out.file.string() + " is "
                                           + describe(status.type()) + ", not a snapshot file"};
  out.size = fs::file_size(out.file, ec);
  if (ec)
    return error{errc::io_error,
                 "cannot read snapshot file " + out.file.string() + ": " + ec.message()};
  errno = 0;
  out.in.open(out.file, std::ios::binary);
  if (!out.in) {
    auto reason = errno != 0 ? std::error_code{errno, std::generic_category()}.message()
                             : std::string{"unknown reason"};
    return error{errc::io_error, "cannot open snapshot file " + out.file.string() + ": " + reason};
  }
  return out;
}

} // namespace weir::state
