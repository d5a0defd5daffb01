#pragma once

#include <memory>
#include <string>
#include <vector>

#include "weir/flow/side_slot.hpp"
#include "weir/output_tag.hpp"
#include "weir/runtime_context.hpp"

namespace weir {

/// Context of a process function call: side outputs and the runtime context (timers and the
/// current key come with event time and keyed state).
class process_context {
public:
  explicit process_context(const runtime_context& rc) : rc_(&rc) {}

  /// Emits `value` to the side output named by `tag`. Dropped if nobody consumes that tag.
  template <class T>
  void output(const output_tag<T>& tag, T value) {
    for (auto& slot : slots_)
      if (slot->tag() == tag.id()) {
        static_cast<flow::side_slot<T>&>(*slot).add(std::move(value));
        return;
      }
  }

  [[nodiscard]] const runtime_context& runtime() const noexcept { return *rc_; }

  // -- used by the operator ------------------------------------------------------------------
  void add_slot(std::unique_ptr<flow::side_slot_base> slot) { slots_.push_back(std::move(slot)); }
  void flush_side_outputs() {
    for (auto& slot : slots_)
      slot->flush();
  }

private:
  const runtime_context* rc_;
  std::vector<std::unique_ptr<flow::side_slot_base>> slots_;
};

} // namespace weir
