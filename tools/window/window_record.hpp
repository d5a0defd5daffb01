#pragma once

#include <cstdint>
#include <string>

#include "weir/codec/codecs.hpp"

namespace weir::window {

/// One input row `key,timestamp_ms,value` of weir-window.
struct window_record {
  std::string key;
  std::int64_t timestamp_ms = 0;
  double value = 0;
  bool operator==(const window_record&) const = default;
};

/// One firing of a window: the aggregate of (key, [start, end)) when its trigger fired. For
/// count windows (a global window has no bounds) start and end are 0 and the output stage
/// numbers the key's firings instead.
struct window_firing {
  std::string key;
  std::int64_t start = 0;
  std::int64_t end = 0;
  double result = 0;
  bool operator==(const window_firing&) const = default;
};

} // namespace weir::window

template <>
struct weir::codec<weir::window::window_record> {
  static void encode(byte_writer& out, const weir::window::window_record& r) {
    out.write(r.key);
    out.write(r.timestamp_ms);
    out.write(r.value);
  }
  static void decode(byte_reader& in, weir::window::window_record& r) {
    in.read(r.key) && in.read(r.timestamp_ms) && in.read(r.value);
  }
};

template <>
struct weir::codec<weir::window::window_firing> {
  static void encode(byte_writer& out, const weir::window::window_firing& f) {
    out.write(f.key);
    out.write(f.start);
    out.write(f.end);
    out.write(f.result);
  }
  static void decode(byte_reader& in, weir::window::window_firing& f) {
    in.read(f.key) && in.read(f.start) && in.read(f.end) && in.read(f.result);
  }
};
