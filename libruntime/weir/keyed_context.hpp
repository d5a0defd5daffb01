#pragma once

#include "weir/process_context.hpp"

namespace weir {

/// Context of a keyed process function call: a process_context (side outputs, runtime
/// context) that also knows the current key. Timers come with event time.
template <class K>
class keyed_context : public process_context {
public:
  explicit keyed_context(const runtime_context& rc) : process_context(rc) {}

  /// Key of the record being processed.
  [[nodiscard]] const K& get_current_key() const noexcept { return *key_; }

  // -- used by the operator ------------------------------------------------------------------
  void set_current_key(const K* key) noexcept { key_ = key; }

private:
  const K* key_ = nullptr;
};

} // namespace weir
