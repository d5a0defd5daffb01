#pragma once

#include <cstring>

#include <algorithm>
#include <chrono>
#include <string>

#include "weir/error.hpp"
#include "weir/ids.hpp"
#include "weir/time/watermark_generator.hpp"

namespace weir {

/// Periodic watermarks for records out of order by at most `bound` (Flink's
/// BoundedOutOfOrdernessWatermarks): once a record with timestamp t was seen, none older than
/// t − bound follows, so each periodic emit emits max timestamp seen − bound − 1 ms. Before any
/// record it emits event_time_min (the lowest watermark; outputs drop it as not rising). The
/// watermark never goes back: an older record does not lower the maximum.
/// The delay this adds is the bound plus up to one `auto_watermark_interval`.
template <class T>
class bounded_out_of_orderness_watermarks final : public watermark_generator<T> {
public:
  /// Throws weir_exception (invalid_configuration) if `bound` is negative.
  explicit bounded_out_of_orderness_watermarks(std::chrono::milliseconds bound)
    : bound_(checked(bound)),
      // start so that the lowest watermark is event_time_min (no overflow for any bound >= 0)
      max_timestamp_(event_time_min.value() + bound_ + 1) {}

  void on_event(const T&, event_time timestamp, watermark_output&) override {
    max_timestamp_ = std::max(max_timestamp_, timestamp.value());
  }

  void on_periodic_emit(watermark_output& out) override {
    out.emit_watermark(event_time{max_timestamp_ - bound_ - 1});
  }

  [[nodiscard]] bool periodic_only() const noexcept override { return true; }
  void on_events(const T*, const std::int64_t* timestamps, std::size_t n,
                 watermark_output&) override {
    std::int64_t max = max_timestamp_;
    for (std::size_t i = 0; i < n; ++i)
      max = std::max(max, timestamps[i]);
    max_timestamp_ = max;
  }

  [[nodiscard]] std::string snapshot_state() const override {
    return std::string(reinterpret_cast<const char*>(&max_timestamp_), sizeof max_timestamp_);
  }
  void restore_state(std::string_view bytes) override {
    if (bytes.size() == sizeof max_timestamp_)
      std::memcpy(&max_timestamp_, bytes.data(), sizeof max_timestamp_);
  }

  [[nodiscard]] std::chrono::milliseconds bound() const noexcept {
    return std::chrono::milliseconds{bound_};
  }

private:
  static std::int64_t checked(std::chrono::milliseconds bound) {
    if (bound.count() < 0)
      throw weir_exception(error{errc::invalid_configuration,
                                 "the out-of-orderness bound is " + std::to_string(bound.count())
                                   + " ms; it must be zero or more (how far a timestamp may "
                                     "lag behind the largest one seen)"});
    return bound.count();
  }

  std::int64_t bound_;
  std::int64_t max_timestamp_;
};

} // namespace weir
