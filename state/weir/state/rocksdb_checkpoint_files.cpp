#include "weir/state/rocksdb_checkpoint_files.hpp"

#include <fstream>
#include <system_error>
#include <vector>

#include "weir/state/crc32.hpp"

namespace weir::state::rocksdb_checkpoint_files {

namespace fs = std::filesystem;

result<file_info> checksum(const fs::path& path) {
  std::ifstream in{path, std::ios::binary};
  if (!in)
    return error{errc::snapshot_missing, "file " + path.string() + " is missing"};
  file_info out;
  std::vector<char> buffer(std::size_t{1} << 20);
  while (in) {
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    auto n = static_cast<std::size_t>(in.gcount());
    out.crc = crc32({buffer.data(), n}, out.crc);
    out.size += n;
  }
  if (in.bad())
    return error{errc::io_error, "cannot read " + path.string()};
  return out;
}

result<void> place(const fs::path& from, const fs::path& to, bool link) {
  std::error_code ec;
  fs::remove(to, ec);
  if (link) {
    fs::create_hard_link(from, to, ec);
    if (!ec)
      return {};
  }
  // Another filesystem (or none with hard links): copy, under a name a restore never reads.
  auto tmp = to;
  tmp += ".part";
  fs::copy_file(from, tmp, fs::copy_options::overwrite_existing, ec);
  if (ec) {
    fs::remove(tmp, ec);
    return error{errc::io_error,
                 "cannot copy " + from.string() + " to " + to.string() + ": " + ec.message()};
  }
  fs::rename(tmp, to, ec);
  if (ec)
    return error{errc::io_error,
                 "cannot rename " + tmp.string() + " to " + to.string() + ": " + ec.message()};
  return {};
}

result<void> assemble(const rocksdb_incremental_listing& listing, const fs::path& from,
                      const fs::path& to) {
  for (const auto& f : listing.files) {
    auto source = from / f.name;
    std::error_code ec;
    if (!fs::is_regular_file(source, ec))
      return error{errc::snapshot_missing,
                   "file " + source.string() + " of the incremental RocksDB snapshot is missing"};
    auto found = checksum(source);
    if (!found)
      return found.err();
    if (found->size != f.size)
      return error{errc::snapshot_truncated,
                   "file " + source.string() + " of the incremental RocksDB snapshot has "
                     + std::to_string(found->size) + " bytes, but its listing records "
                     + std::to_string(f.size)};
    if (found->crc != f.crc)
      return error{errc::snapshot_corrupt, "file " + source.string()
                                             + " of the incremental RocksDB snapshot fails "
                                               "its checksum: it is damaged"};
    if (auto r = place(source, to / f.name, f.shared); !r)
      return r;
  }
  return {};
}

} // namespace weir::state::rocksdb_checkpoint_files
