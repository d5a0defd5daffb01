#pragma once

#include <algorithm>
#include <cstdint>
#include <limits>

#include "weir/codec/codecs.hpp"
#include "window/window_options.hpp"
#include "window/window_record.hpp"

namespace weir::window {

/// What a window keeps between firings: enough for every --aggregate, so one accumulator
/// type serves them all.
struct value_accumulator {
  double sum = 0;
  std::int64_t count = 0;
  double min = std::numeric_limits<double>::infinity();
  double max = -std::numeric_limits<double>::infinity();
  bool operator==(const value_accumulator&) const = default;
};

/// --aggregate as a Weir aggregate function (Flink's AggregateFunction) over the rows' values:
/// sum (in arrival order, merged sessions add their sums), count, avg (sum / count), min, max.
/// merge() lets session windows combine the accumulators of the sessions they join.
class value_aggregate {
public:
  explicit value_aggregate(aggregate_kind kind) : kind_(kind) {}

  [[nodiscard]] value_accumulator create_accumulator() const { return {}; }
  [[nodiscard]] value_accumulator add(const window_record& r, value_accumulator acc) const {
    acc.sum += r.value;
    ++acc.count;
    acc.min = std::min(acc.min, r.value);
    acc.max = std::max(acc.max, r.value);
    return acc;
  }
  [[nodiscard]] double get_result(const value_accumulator& acc) const {
    switch (kind_) {
      case aggregate_kind::sum:
        return acc.sum;
      case aggregate_kind::count:
        return static_cast<double>(acc.count);
      case aggregate_kind::avg:
        return acc.sum / static_cast<double>(acc.count);
      case aggregate_kind::min:
        return acc.min;
      case aggregate_kind::max:
        return acc.max;
    }
    return 0;
  }
  [[nodiscard]] value_accumulator merge(value_accumulator a, const value_accumulator& b) const {
    a.sum += b.sum;
    a.count += b.count;
    a.min = std::min(a.min, b.min);
    a.max = std::max(a.max, b.max);
    return a;
  }

private:
  aggregate_kind kind_;
};

} // namespace weir::window

template <>
struct weir::codec<weir::window::value_accumulator> {
  static constexpr std::size_t min_encoded_size = 32;
  static void encode(byte_writer& out, const weir::window::value_accumulator& a) {
    out.write(a.sum);
    out.write(a.count);
    out.write(a.min);
    out.write(a.max);
  }
  static void decode(byte_reader& in, weir::window::value_accumulator& a) {
    in.read(a.sum) && in.read(a.count) && in.read(a.min) && in.read(a.max);
  }
};
