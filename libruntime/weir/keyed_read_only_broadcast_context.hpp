#pragma once

#include "weir/read_only_broadcast_context.hpp"

namespace weir {

/// Context of process_element in a keyed broadcast process function (Flink's
/// KeyedBroadcastProcessFunction.ReadOnlyContext): read-only broadcast state and the key
/// of the current record.
template <class K>
class keyed_read_only_broadcast_context : public read_only_broadcast_context {
public:
  using read_only_broadcast_context::read_only_broadcast_context;

  /// Key of the record being processed.
  [[nodiscard]] const K& get_current_key() const noexcept { return *key_; }

  // -- used by the operator
  // ------------------------------------------------------------------
  void set_current_key(const K* key) noexcept { key_ = key; }

private:
  const K* key_ = nullptr;
};

} // namespace weir
