#pragma once

#include <memory>
#include <string_view>

#include "weir/flow/key_group.hpp"
#include "weir/state/internal_state.hpp"
#include "weir/state/result.hpp"
#include "weir/state/snapshot_entry_sink.hpp"

namespace weir::state {

/// A heap state's view frozen by a snapshot; written out on the snapshot's thread.
class frozen_heap_state {
public:
  virtual ~frozen_heap_state() = default;
  /// Encodes the entries of `group` into `sink`.
  virtual void write(flow::key_group group, snapshot_entry_sink& sink) const = 0;
};

/// What the heap backend needs from its typed states beyond internal_state: freezing for a
/// snapshot (serializing happens only there) and loading restored entries.
class heap_state : public internal_state {
public:
  [[nodiscard]] virtual std::unique_ptr<frozen_heap_state> freeze() const = 0;
  /// Decodes one restored entry of `group` (snapshot form) into the table.
  virtual result<void> load(flow::key_group group, std::string_view key,
                            std::string_view value) = 0;
};

} // namespace weir::state
