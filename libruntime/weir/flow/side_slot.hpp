#pragma once

#include <cstdint>
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
  /// A record of a stream without timestamps.
  void add(T value) { buffer_.records.push_back(std::move(value)); }
  /// A record with timestamp `t` (ms).
  void add(T value, std::int64_t t) {
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
