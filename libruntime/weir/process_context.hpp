#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "weir/flow/side_slot.hpp"
#include "weir/ids.hpp"
#include "weir/output_tag.hpp"
#include "weir/runtime_context.hpp"

namespace weir {

/// Context of a process function call: the record's timestamp, side outputs and the runtime
/// context (timers and the current key come with event time and keyed state). Owned by the
/// operator; valid during the call it is passed to.
class process_context {
public:
  explicit process_context(const runtime_context& rc) : rc_(&rc) {}

  /// Event-time timestamp of the record being processed (Flink's Context::timestamp()); empty
  /// when the stream carries no timestamps.
  [[nodiscard]] std::optional<event_time> timestamp() const noexcept {
    if (!has_timestamp_)
      return std::nullopt;
    return event_time{timestamp_};
  }

  /// Emits `value` to the side output named by `tag`, with the timestamp of the record being
  /// processed (as Flink does). Dropped if nobody consumes that tag.
  template <class T>
  void output(const output_tag<T>& tag, T value) {
    for (auto& slot : slots_)
      if (slot->tag() == tag.id()) {
        auto& typed = static_cast<flow::side_slot<T>&>(*slot);
        if (has_timestamp_)
          typed.add(std::move(value), timestamp_);
        else
          typed.add(std::move(value));
        return;
      }
  }

  [[nodiscard]] const runtime_context& runtime() const noexcept { return *rc_; }

  // -- used by the operator ------------------------------------------------------------------
  void add_slot(std::unique_ptr<flow::side_slot_base> slot) { slots_.push_back(std::move(slot)); }
  /// The record being processed has timestamp `t` (ms).
  void set_timestamp(std::int64_t t) noexcept {
    timestamp_ = t;
    has_timestamp_ = true;
  }
  /// The records being processed have no timestamps.
  void clear_timestamp() noexcept { has_timestamp_ = false; }
  void flush_side_outputs() {
    for (auto& slot : slots_)
      slot->flush();
  }

private:
  const runtime_context* rc_;
  std::vector<std::unique_ptr<flow::side_slot_base>> slots_;
  std::int64_t timestamp_ = 0;
  bool has_timestamp_ = false;
};

} // namespace weir
