#include "weir/state/rocksdb_incremental_listing.hpp"

#include <fstream>
#include <iterator>
#include <system_error>

#include "weir/state/crc32.hpp"

namespace weir::state {

namespace fs = std::filesystem;

namespace {

void put_u8(std::string& out, std::uint8_t v) { out.push_back(static_cast<char>(v)); }

template <class T>
void put_int(std::string& out, T v) {
  for (std::size_t i = 0; i < sizeof(T); ++i)
    out.push_back(static_cast<char>((static_cast<std::uint64_t>(v) >> (8 * i)) & 0xff));
}

void put_string(std::string& out, std::string_view s) {
  put_int(out, static_cast<std::uint32_t>(s.size()));
  out.append(s);
}

/// Reads the payload bytes in order; any overrun sets `failed`.
struct cursor {
  std::string_view in;
  bool failed = false;

  template <class T>
  T take() {
    if (in.size() < sizeof(T)) {
      failed = true;
      in = {};
      return T{};
    }
    std::uint64_t v = 0;
    for (std::size_t i = 0; i < sizeof(T); ++i)
      v |= static_cast<std::uint64_t>(static_cast<unsigned char>(in[i])) << (8 * i);
    in.remove_prefix(sizeof(T));
    return static_cast<T>(v);
  }

  std::string take_string() {
    auto n = take<std::uint32_t>();
    if (failed || in.size() < n) {
      failed = true;
      in = {};
      return {};
    }
    std::string s{in.substr(0, n)};
    in.remove_prefix(n);
    return s;
  }
};

} // namespace

bool rocksdb_incremental_listing::present_in(const fs::path& directory) {
  std::error_code ec;
  return fs::is_regular_file(directory / file_name, ec);
}

result<rocksdb_incremental_listing> rocksdb_incremental_listing::read(const fs::path& directory) {
  auto path = directory / file_name;
  std::ifstream in{path, std::ios::binary};
  if (!in)
    return error{errc::snapshot_missing,
                 "the incremental RocksDB snapshot listing " + path.string() + " does not exist"};
  std::string bytes{std::istreambuf_iterator<char>{in}, std::istreambuf_iterator<char>{}};
  auto corrupt = [&](const std::string& what) {
    return error{errc::snapshot_corrupt,
                 "the incremental RocksDB snapshot listing " + path.string() + " " + what};
  };
  const auto frame = magic.size() + 4 + 8;
  if (bytes.size() < frame + 4)
    return error{errc::snapshot_truncated,
                 "the incremental RocksDB snapshot listing " + path.string() + " is truncated"};
  if (std::string_view{bytes}.substr(0, magic.size()) != magic)
    return corrupt("does not start with " + std::string{magic});
  cursor head{std::string_view{bytes}.substr(magic.size(), 12)};
  auto v = head.take<std::uint32_t>();
  auto length = head.take<std::uint64_t>();
  if (v != version)
    return error{errc::snapshot_version, "the incremental RocksDB snapshot listing "
                                           + path.string() + " has format version "
                                           + std::to_string(v) + "; this build reads version "
                                           + std::to_string(version)};
  if (bytes.size() != frame + length + 4)
    return error{errc::snapshot_truncated, "the incremental RocksDB snapshot listing "
                                             + path.string() + " is truncated or too long"};
  auto payload = std::string_view{bytes}.substr(frame, length);
  cursor tail{std::string_view{bytes}.substr(frame + length)};
  if (tail.take<std::uint32_t>() != crc32(payload))
    return corrupt("fails its checksum");
  cursor c{payload};
  rocksdb_incremental_listing out;
  out.max_parallelism = static_cast<int>(c.take<std::uint32_t>());
  out.key_groups.first = c.take<std::uint32_t>();
  out.key_groups.last = c.take<std::uint32_t>();
  auto states = c.take<std::uint32_t>();
  for (std::uint32_t i = 0; i < states && !c.failed; ++i) {
    state_meta m;
    m.name = c.take_string();
    m.kind = static_cast<state_kind>(c.take<std::uint8_t>());
    m.ttl = c.take<std::uint8_t>() != 0;
    m.type = c.take_string();
    out.states.push_back(std::move(m));
  }
  auto files = c.take<std::uint32_t>();
  for (std::uint32_t i = 0; i < files && !c.failed; ++i) {
    file f;
    f.name = c.take_string();
    f.size = c.take<std::uint64_t>();
    f.crc = c.take<std::uint32_t>();
    f.shared = c.take<std::uint8_t>() != 0;
    f.reused = c.take<std::uint8_t>() != 0;
    // Names come from RocksDB; anything that could leave the directory is damage.
    if (f.name.empty() || f.name.find('/') != std::string::npos || f.name == "."
        || f.name == "..")
      return corrupt("names an invalid file '" + f.name + "'");
    out.files.push_back(std::move(f));
  }
  if (c.failed || !c.in.empty())
    return corrupt("has an undecodable payload");
  return out;
}

result<std::uint64_t> rocksdb_incremental_listing::write(const fs::path& directory) const {
  std::string payload;
  put_int(payload, static_cast<std::uint32_t>(max_parallelism));
  put_int(payload, static_cast<std::uint32_t>(key_groups.first));
  put_int(payload, static_cast<std::uint32_t>(key_groups.last));
  put_int(payload, static_cast<std::uint32_t>(states.size()));
  for (const auto& s : states) {
    put_string(payload, s.name);
    put_u8(payload, static_cast<std::uint8_t>(s.kind));
    put_u8(payload, s.ttl ? 1 : 0);
    put_string(payload, s.type);
  }
  put_int(payload, static_cast<std::uint32_t>(files.size()));
  for (const auto& f : files) {
    put_string(payload, f.name);
    put_int(payload, f.size);
    put_int(payload, f.crc);
    put_u8(payload, f.shared ? 1 : 0);
    put_u8(payload, f.reused ? 1 : 0);
  }
  std::string out{magic};
  put_int(out, version);
  put_int(out, static_cast<std::uint64_t>(payload.size()));
  out += payload;
  put_int(out, crc32(payload));
  auto path = directory / file_name;
  auto tmp = directory / (std::string{file_name} + ".tmp");
  {
    std::ofstream f{tmp, std::ios::binary | std::ios::trunc};
    f.write(out.data(), static_cast<std::streamsize>(out.size()));
    f.flush();
    if (!f)
      return error{errc::io_error, "cannot write " + tmp.string()};
  }
  std::error_code ec;
  fs::rename(tmp, path, ec);
  if (ec)
    return error{errc::io_error, "cannot rename " + tmp.string() + " to " + path.string() + ": "
                                   + ec.message()};
  return static_cast<std::uint64_t>(out.size());
}

std::uint64_t rocksdb_incremental_listing::shared_bytes() const noexcept {
  std::uint64_t n = 0;
  for (const auto& f : files)
    if (f.shared)
      n += f.size;
  return n;
}

std::uint64_t rocksdb_incremental_listing::new_bytes() const noexcept {
  std::uint64_t n = 0;
  for (const auto& f : files)
    if (!f.reused)
      n += f.size;
  return n;
}

} // namespace weir::state
