#include "weir/state/rocksdb_column.hpp"

#include <memory>
#include <vector>

#include <rocksdb/db.h>
#include <rocksdb/write_batch.h>

#include "weir/state/state_exception.hpp"

namespace weir::state {

namespace {

rocksdb::Slice slice(std::string_view s) { return {s.data(), s.size()}; }

// Snapshots are the durability of keyed state (as in Flink), so the WAL is off.
rocksdb::WriteOptions write_options() {
  rocksdb::WriteOptions o;
  o.disableWAL = true;
  return o;
}

void check(const rocksdb::Status& s, const std::string& state, const char* op) {
  if (!s.ok())
    throw state_exception{error{errc::rocksdb_error, "RocksDB " + std::string{op} + " of state '"
                                                       + state + "' failed: " + s.ToString()}};
}

/// The smallest key above every key starting with `prefix` (empty if none exists).
std::string successor(std::string_view prefix) {
  std::string s{prefix};
  while (!s.empty()) {
    auto& c = s.back();
    if (static_cast<unsigned char>(c) != 0xff) {
      c = static_cast<char>(static_cast<unsigned char>(c) + 1);
      return s;
    }
    s.pop_back();
  }
  return s;
}

} // namespace

bool rocksdb_column::get(std::string_view key, std::string& value) {
  auto s = db_->Get(rocksdb::ReadOptions{}, handle_, slice(key), &value);
  if (s.IsNotFound())
    return false;
  check(s, name_, "get");
  return true;
}

void rocksdb_column::put(std::string_view key, std::string_view value) {
  check(db_->Put(write_options(), handle_, slice(key), slice(value)), name_, "put");
}

void rocksdb_column::merge(std::string_view key, std::string_view value) {
  check(db_->Merge(write_options(), handle_, slice(key), slice(value)), name_, "merge");
}

void rocksdb_column::remove(std::string_view key) {
  check(db_->Delete(write_options(), handle_, slice(key)), name_, "delete");
}

void rocksdb_column::remove_prefix(std::string_view prefix) {
  rocksdb::WriteBatch batch;
  for_each(prefix, [&](std::string_view k, std::string_view) {
    batch.Delete(handle_, slice(k));
    return true;
  });
  if (batch.Count() > 0)
    check(db_->Write(write_options(), &batch), name_, "delete");
}

void rocksdb_column::for_each(
  std::string_view prefix, const std::function<bool(std::string_view, std::string_view)>& visit) {
  auto upper = successor(prefix);
  rocksdb::Slice upper_slice{upper};
  rocksdb::ReadOptions ro;
  if (!upper.empty())
    ro.iterate_upper_bound = &upper_slice;
  std::unique_ptr<rocksdb::Iterator> it{db_->NewIterator(ro, handle_)};
  for (it->Seek(slice(prefix)); it->Valid(); it->Next()) {
    auto k = it->key();
    auto v = it->value();
    if (!visit({k.data(), k.size()}, {v.data(), v.size()}))
      break;
  }
  check(it->status(), name_, "scan");
}

} // namespace weir::state
