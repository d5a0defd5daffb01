#include "weir/state/make_keyed_state_backend.hpp"

#include "weir/state/heap_keyed_state_backend.hpp"
#include "weir/state/rocksdb_keyed_state_backend.hpp"

namespace weir::state {

result<std::unique_ptr<keyed_state_backend>>
make_keyed_state_backend(backend_kind kind, const keyed_state_backend_config& config,
                         const rocksdb_backend_options& rocksdb) {
  const auto& range = config.key_groups;
  if (config.max_parallelism < 1 || config.max_parallelism > 32768 || range.size() == 0
      || range.last >= static_cast<std::uint32_t>(config.max_parallelism))
    return error{errc::invalid_configuration,
                 "key-group range " + std::to_string(range.first) + ".."
                   + std::to_string(range.last) + " of max parallelism "
                   + std::to_string(config.max_parallelism)
                   + " is invalid: max parallelism must be in 1..32768 and the range non-empty "
                     "and below it (use flow::key_group_range_for_operator)"};
  if (kind == backend_kind::heap)
    return std::unique_ptr<keyed_state_backend>(
      std::make_unique<heap_keyed_state_backend>(config));
  auto db = rocksdb_keyed_state_backend::open(config, rocksdb);
  if (!db)
    return db.err();
  return std::unique_ptr<keyed_state_backend>(std::move(*db));
}

} // namespace weir::state
