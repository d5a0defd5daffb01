#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "weir/state/backend_kind.hpp"
#include "weir/state/rocksdb_backend_options.hpp"

namespace weir::bench {

/// Everything `weir-bench state` can vary. Weir and the baseline read the same fields: the
/// key sequence (keys, ops, seed), the key groups, and for RocksDB the same database options.
struct state_options {
  /// Backend under test; the baseline is a std::unordered_map for heap, bare RocksDB for
  /// rocksdb. Default: heap.
  state::backend_kind backend = state::backend_kind::heap;
  /// Distinct keys; op i uses a key uniform in [0, keys) (key_sequence). Default: 100,000.
  std::uint64_t keys = 100'000;
  /// Read-modify-write operations in total. Default: 1,000,000.
  std::uint64_t ops = 1'000'000;
  /// Seed of the key sequence. Default: 42.
  std::uint64_t seed = 42;
  /// Key groups (the backend owns all of them, as one instance at parallelism 1). Default: 128
  /// (Weir's default max parallelism).
  int max_parallelism = 128;
  /// RocksDB options, Weir's defaults unless set; the bare-RocksDB baseline opens its database
  /// with the same values, under the same parent directory.
  state::rocksdb_backend_options rocksdb;

  /// The first invalid field, named as its command-line flag with the accepted range.
  [[nodiscard]] std::optional<std::string> validate() const;
};

} // namespace weir::bench
