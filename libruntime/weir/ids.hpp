#pragma once

#include <compare>
#include <cstdint>
#include <functional>
#include <limits>
#include <ostream>

namespace weir {

/// A value with an identity of its own: `checkpoint_id{3}` and `subtask_index{3}` do not mix,
/// and neither converts to or from a plain integer implicitly (Redpanda's model::offset).
/// `Tag` names the concept; `Rep` is the stored integer.
template <class Tag, class Rep>
class strong_value {
public:
  using rep = Rep;
  constexpr strong_value() noexcept = default;
  constexpr explicit strong_value(Rep v) noexcept : v_(v) {}
  [[nodiscard]] constexpr Rep value() const noexcept { return v_; }
  constexpr auto operator<=>(const strong_value&) const noexcept = default;
  friend std::ostream& operator<<(std::ostream& out, strong_value x) { return out << x.v_; }

private:
  Rep v_{};
};

/// Index of an operator chain (job vertex) in the physical plan.
using vertex_id = strong_value<struct vertex_id_tag, std::int32_t>;
/// Index of one parallel instance of a vertex, from 0 (Flink's subtask index).
using subtask_index = strong_value<struct subtask_index_tag, std::int32_t>;
/// Index of an input channel of one task (job_graph::input_channels numbering).
using input_channel = strong_value<struct input_channel_tag, std::uint32_t>;
/// Which deployment of a job a message belongs to: a restart deploys attempt n + 1, and a
/// message from an earlier attempt is recognised and ignored.
using execution_attempt = strong_value<struct execution_attempt_tag, std::uint32_t>;
/// Number of a checkpoint, from 1, increasing within a job.
using checkpoint_id = strong_value<struct checkpoint_id_tag, std::uint64_t>;

/// A point in event time: milliseconds since the epoch, as Flink's timestamps and watermarks.
using event_time = strong_value<struct event_time_tag, std::int64_t>;
/// Before every timestamp: the watermark of a channel that has sent none yet.
inline constexpr event_time event_time_min{std::numeric_limits<std::int64_t>::min()};
/// After every timestamp: the final watermark of a bounded input (Flink's MAX_WATERMARK), which
/// fires every window and timer.
inline constexpr event_time event_time_max{std::numeric_limits<std::int64_t>::max()};

} // namespace weir

template <class Tag, class Rep>
struct std::hash<weir::strong_value<Tag, Rep>> {
  std::size_t operator()(weir::strong_value<Tag, Rep> x) const noexcept {
    return std::hash<Rep>{}(x.value());
  }
};
