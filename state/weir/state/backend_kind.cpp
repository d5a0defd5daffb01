#include "weir/state/backend_kind.hpp"

namespace weir::state {

std::optional<backend_kind> parse_backend_kind(std::string_view text) noexcept {
  if (text == "heap")
    return backend_kind::heap;
  if (text == "rocksdb")
    return backend_kind::rocksdb;
  return std::nullopt;
}

const char* to_string(backend_kind kind) noexcept {
  return kind == backend_kind::heap ? "heap" : "rocksdb";
}

} // namespace weir::state
