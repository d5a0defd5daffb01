#pragma once

#include <memory>

#include "weir/state/backend_kind.hpp"
#include "weir/state/keyed_state_backend.hpp"
#include "weir/state/keyed_state_backend_config.hpp"
#include "weir/state/result.hpp"
#include "weir/state/rocksdb_backend_options.hpp"

namespace weir::state {

/// Creates the keyed state backend of one operator instance, of the job's configured kind;
/// `rocksdb` is used only for backend_kind::rocksdb. Fails on a bad key-group range or
/// max parallelism, or if RocksDB cannot open its directory.
result<std::unique_ptr<keyed_state_backend>>
make_keyed_state_backend(backend_kind kind, const keyed_state_backend_config& config,
                         const rocksdb_backend_options& rocksdb = {});

} // namespace weir::state
