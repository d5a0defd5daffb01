#pragma once

#include <string_view>

namespace weir::state {

/// Receives the entries of one state in one key group while a snapshot is written: key =
/// state_key bytes (without key-group prefix), value = stored value bytes (ttl_policy form).
class snapshot_entry_sink {
public:
  virtual ~snapshot_entry_sink() = default;
  virtual void add(std::string_view key, std::string_view value) = 0;
};

} // namespace weir::state
