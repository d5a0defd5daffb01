#include "weir/state/snapshot_reader.hpp"

#include <algorithm>

#include "weir/codec/codecs.hpp"
#include "weir/state/crc32.hpp"
#include "weir/state/open_snapshot_file.hpp"
#include "weir/state/snapshot_format.hpp"

namespace weir::state {

error snapshot_reader::truncated(const char* what) const {
  return error{errc::snapshot_truncated, "snapshot file " + file_.string() + " is truncated (in "
                                           + what + "); it was not completely written"};
}

error snapshot_reader::corrupt(const std::string& what) const {
  return error{errc::snapshot_corrupt, "snapshot file " + file_.string() + " is corrupt: " + what};
}

result<void> snapshot_reader::read_exact(void* out, std::size_t size, const char* what) {
  auto pos = static_cast<std::uint64_t>(in_.tellg());
  if (!in_ || pos + size > size_)
    return truncated(what);
  in_.read(static_cast<char*>(out), static_cast<std::streamsize>(size));
  if (!in_)
    return truncated(what);
  return {};
}

result<std::string> snapshot_reader::read_block(const char* what) {
  std::string frame(8, '\0');
  if (auto r = read_exact(frame.data(), 8, what); !r)
    return r.err();
  auto len = *decode<std::uint64_t>(frame);
  auto pos = static_cast<std::uint64_t>(in_.tellg());
  if (len > size_ - pos)
    return truncated(what);
  std::string payload(static_cast<std::size_t>(len), '\0');
  if (auto r = read_exact(payload.data(), payload.size(), what); !r)
    return r.err();
  std::string crc(4, '\0');
  if (auto r = read_exact(crc.data(), 4, what); !r)
    return r.err();
  if (*decode<std::uint32_t>(crc) != crc32(payload))
    return corrupt(std::string{"checksum mismatch in "} + what);
  return payload;
}

namespace {

// Every header entry holds a name, a kind byte, a TTL flag and a type name.
constexpr std::size_t min_header_entry_size =
  min_encoded_size_v<std::string> + min_encoded_size_v<std::uint8_t> + min_encoded_size_v<bool>
  + min_encoded_size_v<std::string>;

} // namespace

result<std::unique_ptr<snapshot_reader>>
snapshot_reader::open(const std::filesystem::path& directory) {
  auto opened = open_snapshot_file(directory, snapshot_format::file_name, "keyed-state");
  if (!opened)
    return opened.err();
  auto r = std::unique_ptr<snapshot_reader>(new snapshot_reader());
  r->file_ = std::move(opened->file);
  r->in_ = std::move(opened->in);
  r->size_ = opened->size;
  std::string head(snapshot_format::magic.size() + 4, '\0');
  if (auto ok = r->read_exact(head.data(), head.size(), "file header"); !ok)
    return ok.err();
  if (std::string_view{head}.substr(0, snapshot_format::magic.size()) != snapshot_format::magic)
    return error{errc::snapshot_version,
                 "file " + r->file_.string() + " is not a Weir keyed-state snapshot (bad magic)"};
  auto version =
    *decode<std::uint32_t>(std::string_view{head}.substr(snapshot_format::magic.size()));
  if (version != snapshot_format::version)
    return error{errc::snapshot_version,
                 "snapshot file " + r->file_.string() + " has format version "
                   + std::to_string(version) + "; this build reads version "
                   + std::to_string(snapshot_format::version)
                   + (version < snapshot_format::version
                        ? " (version 1 did not record state types; take the snapshot again "
                          "with this build)"
                        : "")};
  auto payload = r->read_block("header");
  if (!payload)
    return payload.err();
  byte_reader in{*payload};
  std::uint32_t mp = 0;
  std::size_t count = 0;
  in.read(mp) && in.read(r->range_.first) && in.read(r->range_.last)
    && in.read_count(count, min_header_entry_size, "state count");
  r->states_.reserve(count);
  for (std::size_t i = 0; i < count && in.ok(); ++i) {
    state_meta m;
    std::uint8_t kind = 0;
    in.read(m.name) && in.read(kind) && in.read(m.ttl) && in.read(m.type);
    if (in.ok() && (kind < 1 || kind > 5))
      in.fail(codec_errc::corrupt, "state kind");
    m.kind = static_cast<state_kind>(kind);
    r->states_.push_back(std::move(m));
  }
  if (in.ok() && !in.at_end())
    in.fail(codec_errc::trailing_bytes, "after header");
  if (!in.ok())
    return r->corrupt("header does not decode: " + in.error()->to_string());
  r->max_parallelism_ = static_cast<int>(mp);
  return r;
}

result<void> snapshot_reader::read(flow::key_group_range wanted, const visitor& visit) {
  for (auto g = range_.first; range_.size() > 0 && g <= range_.last; ++g) {
    std::string head(12, '\0');
    if (auto r = read_exact(head.data(), head.size(), "key group block"); !r)
      return r.err();
    auto group = *decode<std::uint32_t>(std::string_view{head}.substr(0, 4));
    if (group != g)
      return corrupt("expected the block of key group " + std::to_string(g) + ", found "
                     + std::to_string(group));
    if (!wanted.contains(flow::key_group{g})) {
      auto len = *decode<std::uint64_t>(std::string_view{head}.substr(4));
      auto pos = static_cast<std::uint64_t>(in_.tellg());
      if (len > size_ - pos || size_ - pos - len < 4)
        return truncated("key group block");
      in_.seekg(static_cast<std::streamoff>(len + 4), std::ios::cur);
      continue;
    }
    in_.seekg(-8, std::ios::cur);
    auto payload = read_block("key group block");
    if (!payload)
      return payload.err();
    byte_reader in{*payload};
    while (in.ok() && !in.at_end()) {
      std::uint64_t index = 0;
      std::size_t klen = 0;
      std::size_t vlen = 0;
      if (!in.read_varint(index, "state index") || !in.read_length(klen, "key length"))
        break;
      auto key = in.take(klen, "key");
      if (!in.read_length(vlen, "value length"))
        break;
      auto value = in.take(vlen, "value");
      if (!in.ok())
        break;
      if (index >= states_.size())
        return corrupt("record of unknown state " + std::to_string(index));
      auto r = visit(file_, states_[index], flow::key_group{g},
                     {reinterpret_cast<const char*>(key->data()), key->size()},
                     {reinterpret_cast<const char*>(value->data()), value->size()});
      if (!r)
        return r;
    }
    if (!in.ok())
      return corrupt("records of key group " + std::to_string(g)
                     + " do not decode: " + in.error()->to_string());
  }
  auto end = static_cast<std::uint64_t>(in_.tellg());
  if (!in_ || end != size_)
    return corrupt(std::to_string(size_ - std::min(end, size_))
                   + " bytes follow the block of the last key group "
                   + std::to_string(range_.last));
  return {};
}

result<void> snapshot_reader::read_all(const std::vector<std::filesystem::path>& directories,
                                       int max_parallelism, flow::key_group_range owned,
                                       const visitor& visit) {
  std::vector<state_meta> seen;
  for (const auto& dir : directories) {
    auto reader = open(dir);
    if (!reader)
      return reader.err();
    auto& r = **reader;
    if (r.max_parallelism() != max_parallelism)
      return error{errc::invalid_configuration,
                   "snapshot file " + r.file().string() + " has "
                     + std::to_string(r.max_parallelism()) + " key groups but the backend has "
                     + std::to_string(max_parallelism)
                     + "; max parallelism cannot change across a restore"};
    for (const auto& m : r.states()) {
      for (const auto& s : seen)
        if (s.name == m.name && !(s == m))
          return error{errc::incompatible_snapshot,
                       "snapshot file " + r.file().string() + " records state '" + m.name
                         + "' as " + describe(m) + ", but an earlier snapshot records it as "
                         + describe(s)};
      seen.push_back(m);
    }
    if (auto ok = r.read(owned, visit); !ok)
      return ok;
  }
  return {};
}

} // namespace weir::state
