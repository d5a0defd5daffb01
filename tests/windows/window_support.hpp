#pragma once

// Helpers of the window tests: records (key, timestamp, value) read in arrival order by one
// source, with a punctuated watermark after every record (max timestamp seen - bound - 1, when
// it rises) as weir-window does, so that a job at parallelism 1 is deterministic.

#include <cstdint>
#include <string>
#include <tuple>
#include <vector>

#include "weir/weir.hpp"

namespace weir::test {

struct event {
  std::string key;
  std::int64_t ts = 0;
  double value = 0;
  bool operator==(const event&) const = default;
};

/// Punctuated: after every record, max_ts - bound - 1.
class punctuated_watermarks final : public watermark_generator<event> {
public:
  explicit punctuated_watermarks(std::int64_t bound) : bound_(bound) {}
  void on_event(const event& e, event_time, watermark_output& out) override {
    if (e.ts > max_)
      max_ = e.ts;
    out.emit_watermark(event_time{max_ - bound_ - 1});
  }
  void on_periodic_emit(watermark_output&) override {}

private:
  std::int64_t bound_;
  std::int64_t max_ = std::numeric_limits<std::int64_t>::min() / 2;
};

inline watermark_strategy<event> punctuated(std::int64_t bound) {
  return watermark_strategy<event>::for_generator(punctuated_watermarks{bound})
    .with_timestamp_assigner([](const event& e) { return e.ts; });
}

/// The events as a keyed, timestamped stream with punctuated watermarks, at parallelism 1.
inline auto keyed_events(environment& env, std::vector<event> events, std::int64_t bound = 0) {
  return env.from_collection(std::move(events))
    .assign_timestamps_and_watermarks(punctuated(bound))
    .key_by([](const event& e) { return e.key; });
}

} // namespace weir::test

template <>
struct weir::codec<weir::test::event> {
  static void encode(byte_writer& out, const weir::test::event& e) {
    out.write(e.key);
    out.write(e.ts);
    out.write(e.value);
  }
  static void decode(byte_reader& in, weir::test::event& e) {
    in.read(e.key) && in.read(e.ts) && in.read(e.value);
  }
};
