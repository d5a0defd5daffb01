#pragma once

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
};

} // namespace weir
