#include "checkpoint/part_inspection.hpp"

#include <map>
#include <system_error>

#include "weir/state/operator_snapshot_file.hpp"
#include "weir/state/operator_snapshot_format.hpp"
#include "weir/state/rocksdb_incremental_listing.hpp"
#include "weir/state/snapshot_format.hpp"
#include "weir/state/snapshot_reader.hpp"

namespace weir::checkpoint_tool {

namespace fs = std::filesystem;

namespace {

std::string range_text(flow::key_group_range r) {
  return std::to_string(r.first) + ".." + std::to_string(r.last);
}

void file_size_of(part_summary& p) {
  std::error_code ec;
  auto n = fs::file_size(p.file, ec);
  p.file_bytes = ec ? 0 : n;
}

// An incremental RocksDB snapshot (a listing of RocksDB files): its files are checked against
// the sizes the listing records; entries are not counted (that would mean opening RocksDB),
// so each state shows 0 entries and the part's bytes are those of all its files.
void inspect_incremental(part_summary& p, const fs::path& dir,
                         const checkpoint::operator_snapshot& op,
                         const checkpoint::subtask_state& subtask) {
  p.file = dir / state::rocksdb_incremental_listing::file_name;
  auto listing = state::rocksdb_incremental_listing::read(dir);
  if (!listing) {
    file_size_of(p);
    p.problem = listing.err().to_string();
    return;
  }
  p.key_groups = listing->key_groups;
  p.max_parallelism = listing->max_parallelism;
  for (const auto& meta : listing->states)
    p.states.push_back({meta.name, state::to_string(meta.kind), meta.type, meta.ttl, 0, 0});
  std::uint64_t bytes = 0;
  for (const auto& f : listing->files) {
    std::error_code ec;
    auto n = fs::file_size(dir / f.name, ec);
    if (ec || n != f.size) {
      p.problem = "file " + (dir / f.name).string()
                  + " of the incremental RocksDB snapshot is missing or has another size than "
                    "its listing records ("
                  + std::to_string(f.size) + " bytes)";
      break;
    }
    bytes += n;
  }
  file_size_of(p);
  p.file_bytes += bytes;
  const std::string where = "incremental RocksDB snapshot listing " + p.file.string();
  if (p.problem)
    return;
  if (listing->max_parallelism != op.max_parallelism)
    p.problem = where + " has max parallelism " + std::to_string(listing->max_parallelism)
                + " but the manifest gives operator " + op.id + " "
                + std::to_string(op.max_parallelism)
                + "; the snapshot belongs to another job or checkpoint";
  else if (listing->key_groups != subtask.key_groups)
    p.problem = where + " covers key groups " + range_text(listing->key_groups)
                + " but the manifest gives subtask " + std::to_string(subtask.subtask) + " of "
                + op.id + " key groups " + range_text(subtask.key_groups)
                + "; the snapshot belongs to another subtask or checkpoint";
}

void inspect_keyed(part_summary& p, const fs::path& dir, const checkpoint::operator_snapshot& op,
                   const checkpoint::subtask_state& subtask) {
  if (state::rocksdb_incremental_listing::present_in(dir)) {
    inspect_incremental(p, dir, op, subtask);
    return;
  }
  p.file = dir / state::snapshot_format::file_name;
  auto opened = state::snapshot_reader::open(dir);
  if (!opened) {
    file_size_of(p);
    p.problem = opened.err().to_string();
    return;
  }
  auto& reader = **opened;
  p.file = reader.file();
  file_size_of(p);
  p.key_groups = reader.key_groups();
  p.max_parallelism = reader.max_parallelism();
  std::map<std::string, std::size_t> index;
  for (const auto& meta : reader.states()) {
    index.emplace(meta.name, p.states.size());
    p.states.push_back({meta.name, state::to_string(meta.kind), meta.type, meta.ttl, 0, 0});
  }
  // Every block is read, so that a checksum mismatch anywhere in the file shows; a restore
  // would hit it at that key group.
  auto read = reader.read(reader.key_groups(),
                          [&](const fs::path&, const state::state_meta& meta, flow::key_group,
                              std::string_view key, std::string_view value) -> state::result<void> {
                            auto& s = p.states[index.at(meta.name)];
                            ++s.entries;
                            s.bytes += key.size() + value.size();
                            return {};
                          });
  if (!read) {
    p.problem = read.err().to_string();
    return;
  }
  const std::string where = "snapshot file " + p.file.string();
  if (reader.max_parallelism() != op.max_parallelism)
    p.problem = where + " has max parallelism " + std::to_string(reader.max_parallelism())
                + " but the manifest gives operator " + op.id + " "
                + std::to_string(op.max_parallelism)
                + "; the file belongs to another job or checkpoint";
  else if (reader.key_groups() != subtask.key_groups)
    p.problem = where + " covers key groups " + range_text(reader.key_groups())
                + " but the manifest gives subtask " + std::to_string(subtask.subtask) + " of "
                + op.id + " key groups " + range_text(subtask.key_groups)
                + "; the file belongs to another subtask or checkpoint";
}

void inspect_operator_state(part_summary& p, const fs::path& dir,
                            const checkpoint::operator_snapshot& op,
                            const checkpoint::subtask_state& subtask) {
  p.file = dir / state::operator_snapshot_format::file_name;
  file_size_of(p);
  auto image = state::operator_snapshot_file::read(dir);
  if (!image) {
    p.problem = image.err().to_string();
    return;
  }
  for (const auto& s : image->states) {
    state_summary out{s.name, state::to_string(s.mode), "", false, s.entries.size(), 0};
    for (const auto& e : s.entries)
      out.bytes += e.key.size() + e.value.size();
    p.states.push_back(std::move(out));
  }
  const std::string where = "snapshot file " + p.file.string();
  if (image->subtask_index != subtask.subtask || image->parallelism != op.parallelism)
    p.problem = where + " was written by subtask " + std::to_string(image->subtask_index)
                + " of " + std::to_string(image->parallelism) + " but the manifest lists it "
                + "for subtask " + std::to_string(subtask.subtask) + " of "
                + std::to_string(op.parallelism) + " of " + op.id
                + "; the file belongs to another subtask or checkpoint";
}

} // namespace

part_summary inspect_part(part_kind kind, const fs::path& directory,
                          const checkpoint::operator_snapshot& op,
                          const checkpoint::subtask_state& subtask) {
  part_summary p;
  p.kind = kind;
  p.path = kind == part_kind::keyed            ? subtask.keyed
           : kind == part_kind::operator_state ? subtask.operator_state
                                               : subtask.extras;
  // read_metadata has checked that the path stays inside the directory.
  const fs::path dir = directory / p.path;
  if (kind == part_kind::operator_state)
    inspect_operator_state(p, dir, op, subtask);
  else
    inspect_keyed(p, dir, op, subtask);
  return p;
}

} // namespace weir::checkpoint_tool
