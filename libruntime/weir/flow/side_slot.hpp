#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "weir/flow/input.hpp"

namespace weir::flow {

/// Buffer for one side output of an operator: records collected during a batch are pushed
/// to the side output's consumers when the batch ends. Within one batch every record comes
/// with a timestamp (that of the record that produced it) or none does.
class side_slot_base {
public:
  explicit side_slot_base(std::string tag) : tag_(std::move(tag)) {}
  virtual ~side_slot_base() = default;
  [[nodiscard]] const std::string& tag() const noexcept { return tag_; }
  virtual void flush() = 0;

private:
  std::string tag_;
};

template <class T>
class side_slot final : public side_slot_base {
public:
  side_slot(std::string tag, input<T>* target) : side_slot_base(std::move(tag)), target_(target) {}
  /// A record of a stream without timestamps. Should stamped records share the buffer (output
  /// outside a record call, e.g. from a timer), it gets "no timestamp" (event_time_min) so that
  /// the two columns stay aligned.
  void add(T value) {
    buffer_.records.push_back(std::move(value));
    if (!buffer_.timestamps.empty())
      buffer_.timestamps.push_back(std::numeric_limits<std::int64_t>::min());
  }
  /// A record with timestamp `t` (ms).
  void add(T value, std::int64_t t) {
    if (buffer_.timestamps.size() < buffer_.records.size())
      buffer_.timestamps.resize(buffer_.records.size(), std::numeric_limits<std::int64_t>::min());
    buffer_.records.push_back(std::move(value));
    buffer_.timestamps.push_back(t);
  }
  void flush() override {
    if (!buffer_.empty()) {
      target_->push(buffer_);
      buffer_.clear();
    }
  }

private:
  input<T>* target_;
  record_batch<T> buffer_;
};

} // namespace weir::flow
