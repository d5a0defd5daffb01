#include "bench/rocksdb_baseline.hpp"

#include <atomic>
#include <bit>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <memory>
#include <random>
#include <string>

#include <rocksdb/cache.h>
#include <rocksdb/db.h>
#include <rocksdb/options.h>
#include <rocksdb/table.h>

#include "bench/key_sequence.hpp"
#include "weir/codec/codecs.hpp"
#include "weir/codec/key_group_prefix.hpp"
#include "weir/flow/key_group.hpp"
#include "weir/key_hash.hpp"
#include "weir/state/state_key.hpp"

namespace weir::bench {

namespace {

static_assert(std::endian::native == std::endian::little,
              "the baseline copies numbers as they are in memory, which is Weir's little-endian "
              "codec form only on little-endian machines");

constexpr std::size_t key_size = 12;

// The stored key of `key` in the backend, written directly instead of through the codec and
// std::string appends: what a hand-written RocksDB client would do.
void bare_key(std::int64_t key, int max_parallelism, char (&out)[key_size]) {
  auto group = flow::assign_to_key_group(key_hash<std::int64_t>{}(key), max_parallelism);
  out[0] = static_cast<char>((group.value >> 8) & 0xff);
  out[1] = static_cast<char>(group.value & 0xff);
  out[2] = 8; // varint length of the key's encoding
  std::memcpy(out + 3, &key, sizeof key);
  out[11] = 0; // varint length of the (empty) namespace
}

// The key as the backend builds it (current_state_key): if the layouts ever drift apart, the
// baseline no longer measures the same bytes and must say so.
std::string backend_key(std::int64_t key, int max_parallelism) {
  std::string encoded;
  encode(key, encoded);
  std::string out;
  encode_key_group_prefix(
    flow::assign_to_key_group(key_hash<std::int64_t>{}(key), max_parallelism), out);
  state::state_key::append(out, encoded, {});
  return out;
}

bool same_layout(const state_options& o) {
  for (std::int64_t key : {std::int64_t{0}, std::int64_t{1}, std::int64_t{12345678901}}) {
    char bare[key_size];
    bare_key(key, o.max_parallelism, bare);
    if (backend_key(key, o.max_parallelism) != std::string_view{bare, key_size})
      return false;
  }
  std::string value;
  encode(1.5, value);
  double one_and_half = 1.5;
  return value == std::string_view{reinterpret_cast<const char*>(&one_and_half), 8};
}

// The options rocksdb_keyed_state_backend::open sets, from the same rocksdb_backend_options
// (its merge operator is left out: nothing here merges, and Get and Put do not consult it).
rocksdb::Options database_options(const state::rocksdb_backend_options& o) {
  rocksdb::Options options;
  options.create_if_missing = true;
  options.create_missing_column_families = true;
  options.IncreaseParallelism(o.background_threads);
  options.write_buffer_size = o.write_buffer_bytes;
  options.max_write_buffer_number = o.max_write_buffer_number;
  rocksdb::BlockBasedTableOptions table;
  table.block_cache = rocksdb::NewLRUCache(o.block_cache_bytes);
  options.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  return options;
}

std::filesystem::path fresh_directory(const state::rocksdb_backend_options& o) {
  auto base = o.directory.empty() ? std::filesystem::temp_directory_path() / "weir-rocksdb"
                                  : o.directory;
  static std::atomic<std::uint64_t> counter{0};
  return base / ("bench-baseline-" + std::to_string(std::random_device{}()) + "-"
                 + std::to_string(++counter));
}

// Closes the database and removes its directory, however the run ends.
struct database {
  std::filesystem::path path;
  std::unique_ptr<rocksdb::DB> db;
  rocksdb::ColumnFamilyHandle* column = nullptr;

  ~database() {
    if (db) {
      if (column != nullptr)
        (void)db->DestroyColumnFamilyHandle(column);
      (void)db->Close();
      db.reset();
    }
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
};

} // namespace

state_run run_rocksdb_baseline(const state_options& options) {
  state_run run;
  if (!same_layout(options)) {
    run.failure = "the baseline's key or value bytes differ from the RocksDB backend's "
                  "(state_key or codec changed); update bare_key in tools/bench/"
                  "rocksdb_baseline.cpp";
    return run;
  }
  database store;
  store.path = fresh_directory(options.rocksdb);
  std::error_code ec;
  std::filesystem::create_directories(store.path, ec);
  if (ec) {
    run.failure = "cannot create " + store.path.string() + ": " + ec.message();
    return run;
  }
  auto db_options = database_options(options.rocksdb);
  rocksdb::DB* db = nullptr;
  auto s = rocksdb::DB::Open(db_options, store.path.string(), &db);
  if (!s.ok()) {
    run.failure = "cannot open RocksDB at " + store.path.string() + ": " + s.ToString();
    return run;
  }
  store.db.reset(db);
  // The backend keeps each state in a column family of its own, created with the same options.
  s = db->CreateColumnFamily(rocksdb::ColumnFamilyOptions{db_options}, "state:v", &store.column);
  if (!s.ok()) {
    run.failure = "cannot create a column family: " + s.ToString();
    return run;
  }

  const rocksdb::ReadOptions read;
  rocksdb::WriteOptions write;
  write.disableWAL = true; // as the backend: snapshots, not the WAL, make state durable
  key_sequence keys{options.keys, options.seed};
  char key[key_size];
  std::string stored;
  double checksum = 0;
  auto start = std::chrono::steady_clock::now();
  for (std::uint64_t i = 0; i < options.ops; ++i) {
    bare_key(keys.next(), options.max_parallelism, key);
    rocksdb::Slice k{key, key_size};
    double value = 0;
    s = db->Get(read, store.column, k, &stored);
    if (s.ok() && stored.size() == sizeof value) {
      std::memcpy(&value, stored.data(), sizeof value);
    } else if (!s.IsNotFound()) {
      run.failure = s.ok() ? "a stored value is not 8 bytes" : "Get failed: " + s.ToString();
      return run;
    }
    checksum += value;
    value += 1.0;
    s = db->Put(write, store.column, k,
                rocksdb::Slice{reinterpret_cast<const char*>(&value), sizeof value});
    if (!s.ok()) {
      run.failure = "Put failed: " + s.ToString();
      return run;
    }
  }
  run.elapsed = std::chrono::steady_clock::now() - start;
  run.checksum = checksum;
  return run;
}

} // namespace weir::bench
