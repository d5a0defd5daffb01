#pragma once

#include <functional>
#include <string>
#include <string_view>

namespace rocksdb {
class DB;
class ColumnFamilyHandle;
} // namespace rocksdb

namespace weir::state {

/// Byte-level access to the column family of one state, for the typed RocksDB states (which
/// stay free of RocksDB headers). Keys are full keys, key-group prefix included. Failures of
/// RocksDB throw state_exception(errc::rocksdb_error). Owned by rocksdb_keyed_state_backend.
class rocksdb_column {
public:
  rocksdb_column(rocksdb::DB* db, rocksdb::ColumnFamilyHandle* handle, std::string name)
    : db_(db), handle_(handle), name_(std::move(name)) {}

  /// Reads the value of `key` into `value`; false if absent.
  bool get(std::string_view key, std::string& value);
  void put(std::string_view key, std::string_view value);
  /// Appends `value` to the stored value (a list's elements), creating it if absent.
  void merge(std::string_view key, std::string_view value);
  void remove(std::string_view key);
  /// Removes every key starting with `prefix`.
  void remove_prefix(std::string_view prefix);
  /// Calls `visit(key, value)` for every key starting with `prefix` in key order, until it
  /// returns false.
  void for_each(std::string_view prefix,
                const std::function<bool(std::string_view, std::string_view)>& visit);

  [[nodiscard]] const std::string& name() const noexcept { return name_; }
  [[nodiscard]] rocksdb::ColumnFamilyHandle* handle() const noexcept { return handle_; }

private:
  rocksdb::DB* db_;
  rocksdb::ColumnFamilyHandle* handle_;
  std::string name_;
};

} // namespace weir::state
