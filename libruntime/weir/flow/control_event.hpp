#pragma once

#include <cstdint>
#include <string>

#include "weir/ids.hpp"

namespace weir::flow {

/// What a channel carries besides batches, in order with them: a sender queues a control
/// event behind the data it already emitted on that channel, and a receiver hands it to the
/// task in that order. Control events take no credit (they are few and small; credit bounds
/// the data). Between nodes each one is a wire message of its own (schemas/).
class control_event {
public:
  enum class kind : std::uint8_t {
    watermark,        ///< event time on this channel has reached `time()`
    watermark_idle,   ///< the channel's source is idle: leave it out of the minimum
    watermark_active, ///< the channel is active again
    barrier,          ///< checkpoint `checkpoint()` separates the records before and after
    cancel_barrier,   ///< checkpoint `checkpoint()` was aborted: stop aligning it
    end_of_stream,    ///< nothing follows on this channel
  };

  [[nodiscard]] static constexpr control_event watermark(event_time t) noexcept {
    return control_event{kind::watermark, t.value()};
  }
  [[nodiscard]] static constexpr control_event idle() noexcept {
    return control_event{kind::watermark_idle, 0};
  }
  [[nodiscard]] static constexpr control_event active() noexcept {
    return control_event{kind::watermark_active, 0};
  }
  /// Barrier of checkpoint `id`. `aligned` forces alignment even where unaligned checkpoints
  /// are on (savepoints are always aligned, as in Flink, so that they can be rescaled).
  [[nodiscard]] static constexpr control_event barrier(checkpoint_id id,
                                                       bool aligned = false) noexcept {
    return control_event{kind::barrier, static_cast<std::int64_t>(id.value())
                                          | (aligned ? aligned_flag : 0)};
  }
  [[nodiscard]] static constexpr control_event cancel_barrier(checkpoint_id id) noexcept {
    return control_event{kind::cancel_barrier, static_cast<std::int64_t>(id.value())};
  }
  [[nodiscard]] static constexpr control_event end_of_stream() noexcept {
    return control_event{kind::end_of_stream, 0};
  }

  constexpr control_event() noexcept = default;

  [[nodiscard]] constexpr kind what() const noexcept { return kind_; }
  [[nodiscard]] constexpr bool is(kind k) const noexcept { return kind_ == k; }
  /// The watermark's event time (kind watermark).
  [[nodiscard]] constexpr event_time time() const noexcept { return event_time{value_}; }
  /// The checkpoint (kinds barrier and cancel_barrier).
  [[nodiscard]] constexpr checkpoint_id checkpoint() const noexcept {
    return checkpoint_id{static_cast<std::uint64_t>(value_ & ~aligned_flag)};
  }
  /// A barrier that must be aligned (a savepoint's).
  [[nodiscard]] constexpr bool forces_alignment() const noexcept {
    return kind_ == kind::barrier && (value_ & aligned_flag) != 0;
  }
  /// The raw payload, for the wire and the actor layer's message inspection.
  [[nodiscard]] constexpr std::int64_t raw_value() const noexcept { return value_; }
  [[nodiscard]] static constexpr control_event from_raw(kind k, std::int64_t v) noexcept {
    return control_event{k, v};
  }

  constexpr bool operator==(const control_event&) const noexcept = default;

  /// "watermark 1000", "barrier 3", "end of stream", ... for logs and test traces.
  [[nodiscard]] std::string to_string() const {
    switch (kind_) {
      case kind::watermark: return "watermark " + std::to_string(value_);
      case kind::watermark_idle: return "idle";
      case kind::watermark_active: return "active";
      case kind::barrier:
        return "barrier " + std::to_string(checkpoint().value())
               + (forces_alignment() ? " (aligned)" : "");
      case kind::cancel_barrier: return "cancel barrier " + std::to_string(value_);
      case kind::end_of_stream: return "end of stream";
    }
    return "unknown";
  }

private:
  static constexpr std::int64_t aligned_flag = std::int64_t{1} << 62;

  constexpr control_event(kind k, std::int64_t v) noexcept : kind_(k), value_(v) {}

  kind kind_ = kind::end_of_stream;
  std::int64_t value_ = 0;
};

} // namespace weir::flow
