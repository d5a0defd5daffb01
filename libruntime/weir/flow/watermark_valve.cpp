#include "weir/flow/watermark_valve.hpp"

#include <algorithm>

namespace weir::flow {

watermark_valve::watermark_valve(std::size_t channels) : channels_(channels) {}

watermark_valve::output watermark_valve::on_watermark(std::uint32_t channel, event_time t) {
  auto& ch = channels_.at(channel);
  output out;
  if (ch.idle) {
    // A watermark means data flows again (Flink's sources mark themselves active first; be
    // lenient with those that do not): as on_active, it rejoins once caught up.
    ch.idle = false;
    ch.aligned = ch.watermark >= current_;
    out.idle = update_idle();
  }
  if (t <= ch.watermark)
    return out;
  ch.watermark = t;
  if (!ch.aligned && t >= current_)
    ch.aligned = true;
  out.watermark = advance();
  return out;
}

watermark_valve::output watermark_valve::on_idle(std::uint32_t channel) {
  auto& ch = channels_.at(channel);
  output out;
  if (ch.idle)
    return out;
  ch.idle = true;
  ch.aligned = false;
  // Leaving the minimum may release the others' watermark.
  out.watermark = advance();
  if (std::all_of(channels_.begin(), channels_.end(),
                  [](const channel_state& c) { return c.idle; })) {
    // Everything is idle: nothing holds event time back any more, so it advances to the
    // highest watermark any channel reached (Flink's StatusWatermarkValve does the same).
    auto high = event_time_min;
    for (const auto& c : channels_)
      high = std::max(high, c.watermark);
    if (high > current_) {
      current_ = high;
      out.watermark = high;
    }
  }
  out.idle = update_idle();
  return out;
}

watermark_valve::output watermark_valve::on_active(std::uint32_t channel) {
  auto& ch = channels_.at(channel);
  output out;
  if (!ch.idle)
    return out;
  ch.idle = false;
  // Rejoins the minimum only once it caught up, so the clock never goes back.
  ch.aligned = ch.watermark >= current_;
  out.idle = update_idle();
  return out;
}

std::optional<event_time> watermark_valve::advance() {
  bool any = false;
  auto low = event_time_max;
  for (const auto& ch : channels_)
    if (ch.aligned && !ch.idle) {
      any = true;
      low = std::min(low, ch.watermark);
    }
  if (!any || low <= current_)
    return std::nullopt;
  current_ = low;
  return current_;
}

std::optional<bool> watermark_valve::update_idle() {
  bool all_idle = !channels_.empty()
                  && std::all_of(channels_.begin(), channels_.end(),
                                 [](const channel_state& c) { return c.idle; });
  if (all_idle == idle_)
    return std::nullopt;
  idle_ = all_idle;
  return idle_;
}

} // namespace weir::flow
