#include "bench/state_options.hpp"

namespace weir::bench {

std::optional<std::string> state_options::validate() const {
  if (keys == 0)
    return "--keys must be at least 1";
  if (ops == 0)
    return "--ops must be at least 1";
  if (max_parallelism < 1 || max_parallelism > 32768)
    return "--max-parallelism must be in 1..32768";
  if (rocksdb.block_cache_bytes == 0)
    return "--block-cache-mb must be at least 1";
  if (rocksdb.write_buffer_bytes == 0)
    return "--write-buffer-mb must be at least 1";
  return std::nullopt;
}

} // namespace weir::bench
