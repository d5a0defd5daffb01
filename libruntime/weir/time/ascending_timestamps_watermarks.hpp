#pragma once

#include <chrono>

#include "weir/ids.hpp"
#include "weir/time/bounded_out_of_orderness_watermarks.hpp"
#include "weir/time/watermark_generator.hpp"

namespace weir {

/// Periodic watermarks for records whose timestamps never decrease within a parallel instance
/// (Flink's AscendingTimestampsWatermarks): bounded out-of-orderness with a bound of 0, so
/// each periodic emit emits max timestamp seen − 1 ms. A record that breaks the order is not
/// an error; it is late downstream.
template <class T>
class ascending_timestamps_watermarks final : public watermark_generator<T> {
public:
  void on_event(const T& record, event_time timestamp, watermark_output& out) override {
    bounded_.on_event(record, timestamp, out);
  }
  void on_periodic_emit(watermark_output& out) override { bounded_.on_periodic_emit(out); }
  [[nodiscard]] bool periodic_only() const noexcept override { return true; }
  void on_events(const T* records, const std::int64_t* timestamps, std::size_t n,
                 watermark_output& out) override {
    bounded_.on_events(records, timestamps, n, out);
  }

private:
  bounded_out_of_orderness_watermarks<T> bounded_{std::chrono::milliseconds{0}};
};

} // namespace weir
