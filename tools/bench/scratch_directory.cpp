#include "bench/scratch_directory.hpp"

#include <cerrno>
#include <cstring>
#include <stdlib.h> // mkdtemp
#include <system_error>
#include <vector>

namespace weir::bench {

namespace fs = std::filesystem;

std::variant<scratch_directory, error> scratch_directory::create(const std::string& parent,
                                                                 const std::string& prefix) {
  std::error_code ec;
  fs::path base = parent.empty() ? fs::temp_directory_path(ec) : fs::path{parent};
  if (ec)
    base = "/tmp";
  fs::create_directories(base, ec);
  if (ec)
    return error{errc::io_error, "cannot create " + base.string() + ": " + ec.message()
                                   + "; pass a writable directory"};
  auto pattern = (base / (prefix + "XXXXXX")).string();
  std::vector<char> buf(pattern.begin(), pattern.end());
  buf.push_back('\0');
  if (::mkdtemp(buf.data()) == nullptr)
    return error{errc::io_error, "cannot create a directory under " + base.string() + ": "
                                   + std::strerror(errno) + "; pass a writable directory"};
  return scratch_directory{fs::path{buf.data()}};
}

scratch_directory::~scratch_directory() {
  if (path_.empty())
    return;
  std::error_code ec;
  fs::remove_all(path_, ec); // best effort: a leftover in the temp dir is harmless
}

} // namespace weir::bench
