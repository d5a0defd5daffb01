#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "weir/ids.hpp"
#include "weir/time/watermark_output.hpp"

namespace weir {

/// Generates watermarks from the records of one parallel instance of a stream (Flink's
/// WatermarkGenerator). A periodic generator observes records in on_event and emits in
/// on_periodic_emit, which the runtime calls every `auto_watermark_interval`; a punctuated
/// generator emits from on_event when a record carries a marker. A user generator derives
/// from this class; the strategy creates one per parallel instance, and only that instance's
/// task thread touches it.
///
/// Performance: on_event is called once per record. Through this base it is a virtual call
/// per record; the generators Weir ships are `final`, so an operator that holds one by its
/// concrete type calls it directly (and inlines it).
template <class T>
class watermark_generator {
public:
  virtual ~watermark_generator() = default;

  /// Called for every record, with the timestamp the strategy assigned to it.
  virtual void on_event(const T& record, event_time timestamp, watermark_output& out) = 0;
  /// Called every `auto_watermark_interval` of processing time.
  virtual void on_periodic_emit(watermark_output& out) = 0;

  /// True if on_event never emits (a periodic generator): then the operator may hand it a
  /// whole batch through on_events, one virtual call per batch instead of one per record.
  [[nodiscard]] virtual bool periodic_only() const noexcept { return false; }
  /// on_event for `n` records and their timestamps (ms), in order.
  /// Checkpoints: the generator's state as bytes (the largest timestamp seen, ...), so that a
  /// restored job emits its watermarks where an uninterrupted one does and the same records
  /// are late. Empty (the default) = nothing to keep: the restored generator starts over, as
  /// in Flink.
  [[nodiscard]] virtual std::string snapshot_state() const { return {}; }
  /// Takes back what snapshot_state returned.
  virtual void restore_state(std::string_view) {}
  virtual void on_events(const T* records, const std::int64_t* timestamps, std::size_t n,
                         watermark_output& out) {
    for (std::size_t i = 0; i < n; ++i)
      on_event(records[i], event_time{timestamps[i]}, out);
  }
};

} // namespace weir
