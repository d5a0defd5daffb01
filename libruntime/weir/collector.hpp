#pragma once

#include <utility>
#include <vector>

namespace weir {

/// Where flat_map, process functions and sources put their output records. Appends to a
/// batch the runtime reuses; not virtual, so collecting is a push_back.
template <class T>
class collector {
public:
  explicit collector(std::vector<T>& out) : out_(&out) {}
  void collect(const T& value) { out_->push_back(value); }
  void collect(T&& value) { out_->push_back(std::move(value)); }
  template <class... Args>
  void emplace(Args&&... args) { out_->emplace_back(std::forward<Args>(args)...); }

private:
  std::vector<T>* out_;
};

} // namespace weir
