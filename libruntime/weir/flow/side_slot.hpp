#pragma once

#include <string>
#include <utility>
#include <vector>

#include "weir/flow/input.hpp"

namespace weir::flow {

/// Buffer for one side output of an operator: records collected during a batch are pushed
/// to the side output's consumers when the batch ends.
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
  void add(T value) { buffer_.push_back(std::move(value)); }
  void flush() override {
    if (!buffer_.empty()) {
      target_->push(buffer_);
      buffer_.clear();
    }
  }

private:
  input<T>* target_;
  std::vector<T> buffer_;
};

} // namespace weir::flow
