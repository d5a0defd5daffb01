#pragma once

// Helpers of the window tests: records (key, timestamp, value) read in arrival order by one
// source, with a punctuated watermark after every record (max timestamp seen - bound - 1, when
// it rises) as weir-window does, so that a job at parallelism 1 is deterministic.

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "weir/test/temp_dir.hpp"

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

/// A value as written in expected rows: an integer if it is one.
inline std::string show_value(double v) {
  if (std::floor(v) == v && std::abs(v) < 1e15)
    return std::to_string(static_cast<std::int64_t>(v));
  return std::to_string(v);
}

inline std::string show_window(const time_window& w) {
  return "[" + std::to_string(w.start) + "," + std::to_string(w.end) + ")";
}
inline std::string show_window(const global_window&) { return "global"; }

/// "v1,v2,..." in the order given, or "-" for none.
inline std::string show_values(const std::vector<event>& all) {
  if (all.empty())
    return "-";
  std::string s;
  for (const auto& e : all)
    s += (s.empty() ? "" : ",") + show_value(e.value);
  return s;
}

/// A window function that writes one row per firing: "key window v1,v2,..." (the contents in
/// the order the window holds them), with " wm=W" (the watermark at the firing) if asked.
struct show_contents {
  bool with_watermark = false;
  template <class K, class W>
  void operator()(const K& key, window_context<W>& ctx, const std::vector<event>& all,
                  collector<std::string>& out) const {
    std::string row = key_text(key) + " " + show_window(ctx.window()) + " " + show_values(all);
    if (with_watermark)
      row += " wm=" + std::to_string(ctx.current_watermark().value());
    out.collect(std::move(row));
  }
  /// window_all: no key.
  template <class W>
  void operator()(window_context<W>& ctx, const std::vector<event>& all,
                  collector<std::string>& out) const {
    (*this)(void_key{}, ctx, all, out);
  }
  static std::string key_text(const std::string& k) { return k; }
  static std::string key_text(const void_key&) { return "*"; }
};

/// Appends " @T", the record's timestamp as a downstream process function reads it ("@max" for
/// the largest timestamp, that of global windows; "@none" without one).
inline auto stamped(data_stream<std::string> rows) {
  return rows.process([](const std::string& s, process_context& ctx, collector<std::string>& o) {
    std::string t = "none";
    if (auto ts = ctx.timestamp())
      t = ts->value() == std::numeric_limits<std::int64_t>::max() ? "max"
                                                                   : std::to_string(ts->value());
    o.collect(s + " @" + t);
  });
}

inline const char* backend_name(state_backend_kind k) {
  return k == state_backend_kind::heap ? "heap" : "rocksdb";
}

/// Rows of string results, and the backends every window case runs on.
using rows = std::vector<std::string>;
inline const auto backends = {state_backend_kind::heap, state_backend_kind::rocksdb};

inline rows sorted(rows r) {
  std::sort(r.begin(), r.end());
  return r;
}

/// Parallelism 1, batches of 4, `backend` with its RocksDB directory in `dir`.
inline environment window_test_env(state_backend_kind backend, const temp_dir& dir) {
  environment env;
  env.set_parallelism(1).set_batch_size(4).set_state_backend(backend);
  env.set_state_dir(dir.path().string());
  return env;
}

/// The end of a test source whose records are all out: it keeps the job running until the
/// windows emitted `wanted` rows (`fired`, counted downstream), so that they fire on watermarks
/// or clocks rather than at the end of input; after 10 s it ends anyway and sets `timed_out`.
class end_once_fired {
public:
  source_status operator()(const std::atomic<int>& fired, int wanted,
                           std::atomic<bool>& timed_out) {
    if (fired.load() >= wanted)
      return source_status::end_of_input;
    const auto now = std::chrono::steady_clock::now();
    if (!deadline_)
      deadline_ = now + std::chrono::seconds{10};
    if (now > *deadline_) {
      timed_out = true;
      return source_status::end_of_input;
    }
    return source_status::nothing_available;
  }

private:
  std::optional<std::chrono::steady_clock::time_point> deadline_;
};

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
