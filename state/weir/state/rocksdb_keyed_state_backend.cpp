#include "weir/state/rocksdb_keyed_state_backend.hpp"

#include <atomic>

#include <rocksdb/cache.h>
#include <rocksdb/db.h>
#include <rocksdb/merge_operator.h>
#include <rocksdb/options.h>
#include <rocksdb/table.h>
#include <rocksdb/write_batch.h>

#include "weir/codec/key_group_prefix.hpp"
#include "weir/state/process_directory.hpp"
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

  ~impl() {
    for (auto& c : columns)
      if (c.handle)
        db->DestroyColumnFamilyHandle(c.handle.release());
    if (db)
      db->Close();
    db.reset();
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

result<void> rocksdb_keyed_state_backend::restore(
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
