#include "weir/state/rocksdb_keyed_state_backend.hpp"

#include <atomic>
#include <limits>
#include <map>
#include <mutex>

#include <rocksdb/cache.h>
#include <rocksdb/db.h>
#include <rocksdb/merge_operator.h>
#include <rocksdb/options.h>
#include <rocksdb/table.h>
#include <rocksdb/utilities/checkpoint.h>
#include <rocksdb/write_batch.h>

#include "weir/codec/key_group_prefix.hpp"
#include "weir/state/process_directory.hpp"
#include "weir/state/rocksdb_checkpoint_files.hpp"
#include "weir/state/rocksdb_incremental_listing.hpp"
#include "weir/state/snapshot_reader.hpp"
#include "weir/state/snapshot_writer.hpp"

namespace weir::state {

namespace {

// List state appends with Merge: stored elements are self-delimiting encodings, so
// concatenation is the list append.
class concat_operator final : public rocksdb::AssociativeMergeOperator {
public:
  bool Merge(const rocksdb::Slice&, const rocksdb::Slice* existing, const rocksdb::Slice& value,
             std::string* new_value, rocksdb::Logger*) const override {
    new_value->clear();
    if (existing != nullptr)
      new_value->assign(existing->data(), existing->size());
    new_value->append(value.data(), value.size());
    return true;
  }
  const char* Name() const override { return "weir.concat"; }
};

std::string column_name(const std::string& state) { return "state:" + state; }

struct column_entry {
  state_meta meta;
  std::filesystem::path restored_from; ///< the snapshot file of restored entries, or empty
  std::unique_ptr<rocksdb::ColumnFamilyHandle> handle;
  std::unique_ptr<rocksdb_column> column;
};

} // namespace

struct rocksdb_keyed_state_backend::impl {
  process_directory::lease process_dir; // outlives the database directory in it
  std::filesystem::path path;
  rocksdb::Options options;
  std::unique_ptr<rocksdb::DB> db;
  std::vector<column_entry> columns;
  bool incremental = true;

  /// Where the newest checkpoint (or the restored one) holds each SST file of this database:
  /// the next checkpoint hard-links those instead of placing them again. RocksDB never reuses
  /// a file number within a database, so a name is one immutable content. Guarded by
  /// `uploaded_mutex` (checkpoint jobs run on other threads, maybe several at once).
  struct uploaded_file {
    std::filesystem::path path;
    std::uint64_t size = 0;
    std::uint32_t crc = 0;
  };
  std::mutex uploaded_mutex;
  std::map<std::string, uploaded_file> uploaded;
  std::atomic<std::uint64_t> scratch_dirs{0};

  /// A fresh directory name next to the database, on its filesystem (so that RocksDB
  /// checkpoints there are hard links).
  std::filesystem::path scratch(const char* what) {
    auto p = path;
    p += std::string{"-"} + what + "-" + std::to_string(++scratch_dirs);
    return p;
  }

  void close() {
    for (auto& c : columns)
      if (c.handle)
        db->DestroyColumnFamilyHandle(c.handle.release());
    columns.clear();
    if (db)
      db->Close();
    db.reset();
  }

  ~impl() {
    close();
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
};

namespace {

class rocksdb_snapshot_step final : public snapshot_job::step {
public:
  rocksdb_snapshot_step(rocksdb::DB* db, std::filesystem::path dir, int max_parallelism,
                        flow::key_group_range range, std::vector<state_meta> metas,
                        std::vector<rocksdb::ColumnFamilyHandle*> handles)
    : db_(db), snapshot_(db->GetSnapshot()), dir_(std::move(dir)),
      max_parallelism_(max_parallelism), range_(range), metas_(std::move(metas)),
      handles_(std::move(handles)) {}

  ~rocksdb_snapshot_step() override { db_->ReleaseSnapshot(snapshot_); }

  result<keyed_state_snapshot> run() override {
    auto w = snapshot_writer::create(dir_, max_parallelism_, range_, metas_);
    if (!w)
      return w.err();
    auto& out = **w;
    std::vector<std::unique_ptr<rocksdb::Iterator>> iterators;
    for (auto* h : handles_) {
      rocksdb::ReadOptions ro;
      ro.snapshot = snapshot_;
      ro.fill_cache = false;
      iterators.emplace_back(db_->NewIterator(ro, h));
    }
    std::string prefix;
    for (auto g = range_.first; range_.size() > 0 && g <= range_.last; ++g) {
      auto group = flow::key_group{g};
      out.begin_key_group(group);
      prefix.clear();
      encode_key_group_prefix(group, prefix);
      for (std::size_t i = 0; i < iterators.size(); ++i) {
        auto& it = iterators[i];
        for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix); it->Next()) {
          auto k = it->key();
          auto v = it->value();
          out.add(i, {k.data() + key_group_prefix_size, k.size() - key_group_prefix_size},
                  {v.data(), v.size()});
        }
        if (!it->status().ok())
          return error{errc::rocksdb_error, "scanning state '" + metas_[i].name
                                              + "' for a snapshot failed: "
                                              + it->status().ToString()};
      }
      out.end_key_group();
    }
    return out.finish();
  }

private:
  rocksdb::DB* db_;
  const rocksdb::Snapshot* snapshot_;
  std::filesystem::path dir_;
  int max_parallelism_;
  flow::key_group_range range_;
  std::vector<state_meta> metas_;
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;
};

} // namespace

namespace {

/// A snapshot whose synchronous part failed: the job reports it.
class failed_step final : public snapshot_job::step {
public:
  explicit failed_step(error e) : error_(std::move(e)) {}
  result<keyed_state_snapshot> run() override { return error_; }

private:
  error error_;
};

std::string column_of_default() { return rocksdb::kDefaultColumnFamilyName; }

/// The column families of a listing's states, the default one first (RocksDB opens all).
std::vector<rocksdb::ColumnFamilyDescriptor>
descriptors_of(const rocksdb_incremental_listing& listing, const rocksdb::Options& options) {
  std::vector<rocksdb::ColumnFamilyDescriptor> out;
  out.emplace_back(column_of_default(), rocksdb::ColumnFamilyOptions{options});
  for (const auto& m : listing.states)
    out.emplace_back(column_name(m.name), rocksdb::ColumnFamilyOptions{options});
  return out;
}

} // namespace

// The asynchronous part of an incremental checkpoint: places the files of the RocksDB
// checkpoint taken synchronously (in `scratch_`) into the snapshot directory and writes the
// listing. Placing is a hard link wherever possible: to the previous checkpoint's copy of an
// unchanged SST (what makes the checkpoint incremental), else to the scratch file (free when
// the checkpoint directory is on the database's filesystem), else a copy.
class rocksdb_keyed_state_backend::incremental_step final : public snapshot_job::step {
public:
  incremental_step(impl* state, std::filesystem::path scratch, std::filesystem::path dir,
                   rocksdb_incremental_listing listing)
    : impl_(state), scratch_(std::move(scratch)), dir_(std::move(dir)),
      listing_(std::move(listing)) {}

  ~incremental_step() override {
    std::error_code ec;
    std::filesystem::remove_all(scratch_, ec);
  }

  result<keyed_state_snapshot> run() override {
    namespace fs = std::filesystem;
    std::error_code ec;
    fs::create_directories(dir_, ec);
    if (ec)
      return error{errc::io_error,
                   "cannot create the snapshot directory " + dir_.string() + ": " + ec.message()};
    std::map<std::string, impl::uploaded_file> earlier;
    {
      std::lock_guard guard{impl_->uploaded_mutex};
      earlier = impl_->uploaded;
    }
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator{scratch_, ec})
      if (e.is_regular_file())
        files.push_back(e.path());
    if (ec)
      return error{errc::io_error,
                   "cannot list the RocksDB checkpoint " + scratch_.string() + ": " + ec.message()};
    for (const auto& from : files) {
      rocksdb_incremental_listing::file f;
      f.name = from.filename().string();
      f.shared = from.extension() == ".sst";
      auto to = dir_ / f.name;
      if (f.shared) {
        auto it = earlier.find(f.name);
        auto size = fs::file_size(from, ec);
        if (it != earlier.end() && !ec && size == it->second.size) {
          fs::remove(to, ec);
          fs::create_hard_link(it->second.path, to, ec);
          if (!ec) { // else that checkpoint is gone: place the file anew
            f.size = it->second.size;
            f.crc = it->second.crc;
            f.reused = true;
            listing_.files.push_back(std::move(f));
            continue;
          }
        }
      }
      if (auto placed = rocksdb_checkpoint_files::place(from, to, f.shared); !placed)
        return placed.err();
      auto sum = rocksdb_checkpoint_files::checksum(to);
      if (!sum)
        return sum.err();
      f.size = sum->size;
      f.crc = sum->crc;
      listing_.files.push_back(std::move(f));
    }
    auto written = listing_.write(dir_);
    if (!written)
      return written.err();
    {
      std::lock_guard guard{impl_->uploaded_mutex};
      impl_->uploaded.clear();
      for (const auto& f : listing_.files)
        if (f.shared)
          impl_->uploaded[f.name] = impl::uploaded_file{dir_ / f.name, f.size, f.crc};
    }
    fs::remove_all(scratch_, ec);
    keyed_state_snapshot out;
    out.directory = dir_;
    out.file = dir_ / rocksdb_incremental_listing::file_name;
    out.key_groups = listing_.key_groups;
    out.bytes = listing_.new_bytes() + *written; // what this checkpoint added
    return out;
  }

private:
  impl* impl_;
  std::filesystem::path scratch_;
  std::filesystem::path dir_;
  rocksdb_incremental_listing listing_;
};

rocksdb_keyed_state_backend::rocksdb_keyed_state_backend(const keyed_state_backend_config& config,
                                                         std::unique_ptr<impl> state)
  : keyed_state_backend(backend_kind::rocksdb, config), impl_(std::move(state)) {}

rocksdb_keyed_state_backend::~rocksdb_keyed_state_backend() {
  // The typed states hold columns of impl_: drop them before the database closes.
  states_.clear();
  impl_.reset();
}

result<std::unique_ptr<rocksdb_keyed_state_backend>>
rocksdb_keyed_state_backend::open(const keyed_state_backend_config& config,
                                  const rocksdb_backend_options& options) {
  if (options.block_cache_bytes == 0 || options.write_buffer_bytes == 0
      || options.max_write_buffer_number < 1 || options.background_threads < 1)
    return error{errc::invalid_configuration,
                 "RocksDB backend options: block cache, write buffer size, write buffer number "
                 "and background threads must be positive"};
  std::error_code ec;
  auto base = options.directory.empty()
                ? std::filesystem::temp_directory_path(ec) / "weir-rocksdb"
                : options.directory;
  // What the user set, for messages: the job's state directory, or nothing (the default).
  auto setting = options.directory.empty()
                   ? std::string{"no state directory is set, so the default under the system "
                                 "temp dir is used; set a writable one with "
                                 "environment::set_state_dir (configuration::state_dir)"}
                   : "set a writable state directory with environment::set_state_dir "
                     "(configuration::state_dir), which is " + options.directory.string();
  auto process_dir = process_directory::acquire(base);
  if (!process_dir)
    return error{process_dir.err().code(), process_dir.err().message() + "; " + setting};
  static std::atomic<std::uint64_t> counter{0};
  auto name = "kg-" + std::to_string(config.key_groups.first) + "-"
              + std::to_string(config.key_groups.last) + "-" + std::to_string(++counter);
  auto state = std::make_unique<impl>();
  state->process_dir = std::move(*process_dir);
  state->path = state->process_dir.path() / name;
  std::filesystem::create_directories(state->path, ec);
  if (ec)
    return error{errc::io_error, "cannot create the RocksDB directory " + state->path.string()
                                   + ": " + ec.message() + "; " + setting};
  auto& o = state->options;
  o.create_if_missing = true;
  o.create_missing_column_families = true;
  o.IncreaseParallelism(options.background_threads);
  o.write_buffer_size = options.write_buffer_bytes;
  o.max_write_buffer_number = options.max_write_buffer_number;
  o.merge_operator = std::make_shared<concat_operator>();
  rocksdb::BlockBasedTableOptions table;
  table.block_cache = rocksdb::NewLRUCache(options.block_cache_bytes);
  o.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  rocksdb::DB* db = nullptr;
  auto s = rocksdb::DB::Open(o, state->path.string(), &db);
  if (!s.ok())
    return error{errc::rocksdb_error, "cannot open RocksDB at " + state->path.string() + ": "
                                        + s.ToString() + "; " + setting};
  state->db.reset(db);
  state->incremental = options.incremental_checkpoints;
  return std::unique_ptr<rocksdb_keyed_state_backend>(
    new rocksdb_keyed_state_backend(config, std::move(state)));
}

const std::filesystem::path& rocksdb_keyed_state_backend::path() const noexcept {
  return impl_->path;
}

result<rocksdb_column*> rocksdb_keyed_state_backend::column(
  const state_meta& meta, const std::filesystem::path& restored_from) {
  for (auto& c : impl_->columns) {
    if (c.meta.name != meta.name)
      continue;
    if (!(c.meta == meta))
      return restored_from.empty() ? restored_mismatch(meta, c.meta, c.restored_from)
                                   : restored_mismatch(c.meta, meta, restored_from);
    return c.column.get();
  }
  rocksdb::ColumnFamilyHandle* handle = nullptr;
  auto s = impl_->db->CreateColumnFamily(rocksdb::ColumnFamilyOptions{impl_->options},
                                         column_name(meta.name), &handle);
  if (!s.ok())
    return error{errc::rocksdb_error,
                 "cannot create column family of state '" + meta.name + "': " + s.ToString()};
  auto col = std::make_unique<rocksdb_column>(impl_->db.get(), handle, meta.name);
  auto* out = col.get();
  impl_->columns.push_back(
    column_entry{meta, restored_from, std::unique_ptr<rocksdb::ColumnFamilyHandle>(handle),
                 std::move(col)});
  return out;
}

std::vector<state_meta> rocksdb_keyed_state_backend::states() const {
  std::vector<state_meta> out;
  for (const auto& c : impl_->columns)
    out.push_back(c.meta);
  return out;
}

result<void> rocksdb_keyed_state_backend::on_register(registered_state&) {
  return {}; // column() already checked the restored meta
}

snapshot_job rocksdb_keyed_state_backend::snapshot_sync(std::filesystem::path directory) {
  std::vector<state_meta> metas;
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  for (const auto& c : impl_->columns) {
    metas.push_back(c.meta);
    handles.push_back(c.handle.get());
  }
  return snapshot_job{std::make_unique<rocksdb_snapshot_step>(
    impl_->db.get(), std::move(directory), max_parallelism(), key_groups(), std::move(metas),
    std::move(handles))};
}

snapshot_job
rocksdb_keyed_state_backend::snapshot_incremental_sync(std::filesystem::path directory) {
  if (!impl_->incremental)
    return snapshot_sync(std::move(directory));
  rocksdb_incremental_listing listing;
  listing.max_parallelism = max_parallelism();
  listing.key_groups = key_groups();
  for (const auto& c : impl_->columns)
    listing.states.push_back(c.meta);
  auto scratch = impl_->scratch("chk");
  std::error_code ec;
  std::filesystem::remove_all(scratch, ec);
  rocksdb::Checkpoint* made = nullptr;
  auto s = rocksdb::Checkpoint::Create(impl_->db.get(), &made);
  std::unique_ptr<rocksdb::Checkpoint> checkpoint{made};
  // log_size_for_flush 0: flush every memtable first (writes skip the WAL, so the memtables
  // are the only copy of recent state), then hard-link the SST files.
  if (s.ok())
    s = checkpoint->CreateCheckpoint(scratch.string(), 0);
  if (!s.ok()) {
    std::filesystem::remove_all(scratch, ec);
    return snapshot_job{std::make_unique<failed_step>(
      error{errc::rocksdb_error, "creating a RocksDB checkpoint of " + impl_->path.string()
                                   + " in " + scratch.string() + " failed: " + s.ToString()})};
  }
  return snapshot_job{std::make_unique<incremental_step>(
    impl_.get(), std::move(scratch), std::move(directory), std::move(listing))};
}

// The database becomes the snapshot's: same key groups, nothing declared yet. The files are
// hard links to the checkpoint's (RocksDB writes a new MANIFEST on open and only unlinks
// SSTs), and the next checkpoint links its unchanged SSTs to the restored checkpoint's.
result<void> rocksdb_keyed_state_backend::adopt(const std::filesystem::path& directory,
                                                const rocksdb_incremental_listing& listing) {
  namespace fs = std::filesystem;
  auto& st = *impl_;
  st.close();
  std::error_code ec;
  fs::remove_all(st.path, ec);
  fs::create_directories(st.path, ec);
  if (ec)
    return error{errc::io_error,
                 "cannot create the RocksDB directory " + st.path.string() + ": " + ec.message()};
  if (auto r = rocksdb_checkpoint_files::assemble(listing, directory, st.path); !r)
    return r;
  auto descriptors = descriptors_of(listing, st.options);
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* db = nullptr;
  auto s = rocksdb::DB::Open(st.options, st.path.string(), descriptors, &handles, &db);
  if (!s.ok())
    return error{errc::rocksdb_error, "cannot open the RocksDB database of incremental snapshot "
                                        + directory.string() + ": " + s.ToString()};
  st.db.reset(db);
  st.db->DestroyColumnFamilyHandle(handles[0]);
  auto listing_file = directory / rocksdb_incremental_listing::file_name;
  for (std::size_t i = 0; i < listing.states.size(); ++i) {
    auto* h = handles[i + 1];
    st.columns.push_back(column_entry{listing.states[i], listing_file,
                                      std::unique_ptr<rocksdb::ColumnFamilyHandle>(h),
                                      std::make_unique<rocksdb_column>(st.db.get(), h,
                                                                       listing.states[i].name)});
  }
  std::lock_guard guard{st.uploaded_mutex};
  st.uploaded.clear();
  for (const auto& f : listing.files)
    if (f.shared)
      st.uploaded[f.name] = impl::uploaded_file{directory / f.name, f.size, f.crc};
  return {};
}

// Rescaling: the snapshot's database, opened read-only from a scratch copy, gives up the
// entries of the key groups this instance owns (one contiguous key range per state).
result<void> rocksdb_keyed_state_backend::copy_owned(const std::filesystem::path& directory,
                                                     const rocksdb_incremental_listing& listing) {
  namespace fs = std::filesystem;
  auto& st = *impl_;
  auto scratch = st.scratch("restore");
  std::error_code ec;
  fs::remove_all(scratch, ec);
  fs::create_directories(scratch, ec);
  if (ec)
    return error{errc::io_error,
                 "cannot create the directory " + scratch.string() + ": " + ec.message()};
  struct cleanup {
    fs::path dir;
    rocksdb::DB* db = nullptr;
    std::vector<rocksdb::ColumnFamilyHandle*> handles;
    ~cleanup() {
      for (auto* h : handles)
        db->DestroyColumnFamilyHandle(h);
      if (db) {
        db->Close();
        delete db;
      }
      std::error_code ec;
      fs::remove_all(dir, ec);
    }
  } guard{scratch};
  if (auto r = rocksdb_checkpoint_files::assemble(listing, directory, scratch); !r)
    return r;
  auto s = rocksdb::DB::OpenForReadOnly(st.options, scratch.string(),
                                        descriptors_of(listing, st.options), &guard.handles,
                                        &guard.db);
  if (!s.ok())
    return error{errc::rocksdb_error, "cannot open the RocksDB database of incremental snapshot "
                                        + directory.string() + ": " + s.ToString()};
  auto lo = std::max(listing.key_groups.first, key_groups().first);
  auto hi = std::min(listing.key_groups.last, key_groups().last);
  auto listing_file = directory / rocksdb_incremental_listing::file_name;
  rocksdb::WriteBatch batch;
  rocksdb::WriteOptions wo;
  wo.disableWAL = true;
  std::string start;
  encode_key_group_prefix(flow::key_group{lo}, start);
  for (std::size_t i = 0; i < listing.states.size(); ++i) {
    auto col = column(listing.states[i], listing_file);
    if (!col)
      return col.err();
    rocksdb::ReadOptions ro;
    ro.fill_cache = false;
    std::unique_ptr<rocksdb::Iterator> it{guard.db->NewIterator(ro, guard.handles[i + 1])};
    for (it->Seek(start); it->Valid(); it->Next()) {
      auto k = it->key();
      auto group = decode_key_group_prefix({k.data(), k.size()});
      if (!group || group->value > hi)
        break;
      batch.Put((*col)->handle(), k, it->value());
      if (batch.GetDataSize() > (std::size_t{4} << 20)) {
        s = st.db->Write(wo, &batch);
        batch.Clear();
        if (!s.ok())
          return error{errc::rocksdb_error, "writing restored state failed: " + s.ToString()};
      }
    }
    if (!it->status().ok())
      return error{errc::rocksdb_error, "reading state '" + listing.states[i].name
                                          + "' of incremental snapshot " + directory.string()
                                          + " failed: " + it->status().ToString()};
  }
  s = st.db->Write(wo, &batch);
  if (!s.ok())
    return error{errc::rocksdb_error, "writing restored state failed: " + s.ToString()};
  return {};
}

result<void> rocksdb_keyed_state_backend::restore(
  const std::vector<std::filesystem::path>& directories) {
  std::vector<std::filesystem::path> full;
  std::vector<std::pair<std::filesystem::path, rocksdb_incremental_listing>> incremental;
  for (const auto& d : directories) {
    if (!rocksdb_incremental_listing::present_in(d)) {
      full.push_back(d);
      continue;
    }
    auto listing = rocksdb_incremental_listing::read(d);
    if (!listing)
      return listing.err();
    if (listing->max_parallelism != max_parallelism())
      return error{errc::incompatible_snapshot,
                   "incremental snapshot " + d.string() + " has "
                     + std::to_string(listing->max_parallelism)
                     + " key groups (max parallelism), but this backend has "
                     + std::to_string(max_parallelism())};
    auto overlaps = listing->key_groups.size() > 0 && key_groups().size() > 0
                    && listing->key_groups.first <= key_groups().last
                    && key_groups().first <= listing->key_groups.last;
    if (overlaps)
      incremental.emplace_back(d, std::move(*listing));
  }
  if (full.empty() && incremental.size() == 1 && impl_->columns.empty()
      && incremental[0].second.key_groups == key_groups())
    return adopt(incremental[0].first, incremental[0].second);
  for (const auto& [dir, listing] : incremental)
    if (auto r = copy_owned(dir, listing); !r)
      return r;
  if (full.empty())
    return {};
  return restore_full(full);
}

result<void> rocksdb_keyed_state_backend::restore_full(
  const std::vector<std::filesystem::path>& directories) {
  rocksdb::WriteBatch batch;
  rocksdb::WriteOptions wo;
  wo.disableWAL = true;
  std::string key;
  auto flush = [&]() -> result<void> {
    auto s = impl_->db->Write(wo, &batch);
    batch.Clear();
    if (!s.ok())
      return error{errc::rocksdb_error, "writing restored state failed: " + s.ToString()};
    return {};
  };
  auto r = snapshot_reader::read_all(
    directories, max_parallelism(), key_groups(),
    [&](const std::filesystem::path& file, const state_meta& meta, flow::key_group group,
        std::string_view k, std::string_view v) -> result<void> {
      auto col = column(meta, file);
      if (!col)
        return col.err();
      key.clear();
      encode_key_group_prefix(group, key);
      key.append(k);
      batch.Put((*col)->handle(), key, rocksdb::Slice{v.data(), v.size()});
      if (batch.GetDataSize() > (std::size_t{4} << 20))
        return flush();
      return {};
    });
  if (!r)
    return r;
  return flush();
}

namespace detail {

result<rocksdb_column*> rocksdb_column_of(keyed_state_backend& backend, const state_meta& meta) {
  return static_cast<rocksdb_keyed_state_backend&>(backend).column(meta);
}

} // namespace detail

} // namespace weir::state
