#pragma once

#include <optional>
#include <utility>

#include "weir/broadcast_state_declarations.hpp"
#include "weir/ids.hpp"
#include "weir/output_tag.hpp"
#include "weir/process_context.hpp"
#include "weir/runtime_context.hpp"

namespace weir::state {
template <class K, class V>
class map_state_descriptor;
template <class K, class V>
class read_only_broadcast_state;
template <class K, class V>
class broadcast_state;
} // namespace weir::state

namespace weir {

/// What both contexts of a broadcast process function offer (Flink's
/// BaseBroadcastProcessFunction.BaseContext): side outputs and the runtime context. Owned
/// by the operator; valid during the call it is passed to.
class base_broadcast_context {
public:
  base_broadcast_context(process_context& side_outputs,
                         const broadcast_state_declarations& declared)
    : side_(&side_outputs), declared_(&declared) {}

  /// Emits `value` to the side output named by `tag`. Dropped if nobody consumes that
  /// tag.
  template <class T>
  void output(const output_tag<T>& tag, T value) {
    side_->output(tag, std::move(value));
  }

  [[nodiscard]] const runtime_context& runtime() const noexcept { return side_->runtime(); }
  /// Event-time timestamp of the element being processed; empty when its stream carries no
  /// timestamps.
  [[nodiscard]] std::optional<event_time> timestamp() const noexcept {
    return side_->timestamp();
  }
  /// The broadcast states the broadcast stream declared.
  [[nodiscard]] const broadcast_state_declarations& declared_states() const noexcept {
    return *declared_;
  }

private:
  process_context* side_;
  const broadcast_state_declarations* declared_;
};

} // namespace weir
