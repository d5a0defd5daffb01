#pragma once

#include <algorithm>
#include <cstdint>
#include <memory>
#include <utility>

#include "weir/flow/side_slot.hpp"
#include "weir/ids.hpp"
#include "weir/output_tag.hpp"
#include "weir/process_context.hpp"
#include "weir/runtime_context.hpp"

namespace weir {

/// Context of a process_join_function call (Flink's ProcessJoinFunction.Context): the event
/// times of the two joined elements and of the pair (their maximum, which the records emitted
/// for the pair carry), and side outputs. Owned by the interval join operator; valid during
/// the call it is passed to, on the task's thread.
class process_join_context {
public:
  explicit process_join_context(const runtime_context& rc) : sides_(rc) {}

  /// Event time of the left (first input's) element of the pair.
  [[nodiscard]] event_time left_timestamp() const noexcept { return event_time{left_}; }
  /// Event time of the right (second input's) element of the pair.
  [[nodiscard]] event_time right_timestamp() const noexcept { return event_time{right_}; }
  /// Event time of the pair, max(left_timestamp(), right_timestamp()): what the records the
  /// call emits carry, to the main output and to side outputs.
  [[nodiscard]] event_time timestamp() const noexcept {
    return event_time{std::max(left_, right_)};
  }

  /// Emits `value` to the side output named by `tag` (read with get_side_output), with the
  /// pair's timestamp. Dropped if nobody consumes that tag.
  template <class T>
  void output(const output_tag<T>& tag, T value) {
    sides_.output(tag, std::move(value));
  }

  [[nodiscard]] const runtime_context& runtime() const noexcept { return sides_.runtime(); }

  // -- used by the operator ------------------------------------------------------------------
  void set_pair(std::int64_t left, std::int64_t right) noexcept {
    left_ = left;
    right_ = right;
    sides_.set_timestamp(std::max(left, right));
  }
  void add_slot(std::unique_ptr<flow::side_slot_base> slot) { sides_.add_slot(std::move(slot)); }
  void flush_side_outputs() { sides_.flush_side_outputs(); }

private:
  process_context sides_;
  std::int64_t left_ = 0;
  std::int64_t right_ = 0;
};

} // namespace weir
