#pragma once

#include "weir/ids.hpp"
#include "weir/time/watermark_generator.hpp"

namespace weir {

/// Emits no watermarks (Flink's NoWatermarksGenerator): for streams processed only in
/// processing time, or whose timestamps are assigned for later use. Event time downstream
/// then advances only through the final watermark at the end of a bounded input.
template <class T>
class no_watermarks_generator final : public watermark_generator<T> {
public:
  void on_event(const T&, event_time, watermark_output&) override {}
  [[nodiscard]] bool periodic_only() const noexcept override { return true; }
  void on_events(const T*, const std::int64_t*, std::size_t, watermark_output&) override {}
  void on_periodic_emit(watermark_output&) override {}
};

} // namespace weir
