#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "weir/ids.hpp"

namespace weir {

/// Where flat_map, process functions and sources put their output records. Appends to a
/// batch the runtime reuses; not virtual, so collecting is a push_back. Within an operator a
/// collected record takes the timestamp of the input record being processed (the operator
/// fills the timestamp column after the call, so collect() never looks at it).
template <class T>
class collector {
public:
  /// Collects into `out`; `timestamps` is the column collect_with_timestamp fills (a source's),
  /// or null where records take their input's timestamp (operators).
  explicit collector(std::vector<T>& out, std::vector<std::int64_t>* timestamps = nullptr)
    : out_(&out), timestamps_(timestamps) {}
  void collect(const T& value) { out_->push_back(value); }
  void collect(T&& value) { out_->push_back(std::move(value)); }
  template <class... Args>
  void emplace(Args&&... args) { out_->emplace_back(std::forward<Args>(args)...); }
  /// The vector records are collected into (Weir's own sources append to it in bulk).
  [[nodiscard]] std::vector<T>& target() noexcept { return *out_; }

  /// Internal hook for sources (Flink's SourceContext::collectWithTimestamp): emits `value`
  /// with event-time timestamp `t`. A source gives every record of a poll a timestamp or none
  /// (mixing fails the job). Inside an operator the record keeps the timestamp of the input
  /// record that produced it, and `t` is ignored.
  void collect_with_timestamp(T value, event_time t) {
    out_->push_back(std::move(value));
    if (timestamps_ != nullptr)
      timestamps_->push_back(t.value());
  }

private:
  std::vector<T>* out_;
  std::vector<std::int64_t>* timestamps_;
};

} // namespace weir
