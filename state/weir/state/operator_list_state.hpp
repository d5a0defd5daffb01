#pragma once

#include <string>
#include <utility>
#include <vector>

#include "weir/codec/codecs.hpp"
#include "weir/state/internal_operator_state.hpp"
#include "weir/state/list_state.hpp"

namespace weir::state {

/// list_state<T> as operator state (Flink's PartitionableListState): one list per
/// operator instance, not per key, on the heap. Serves both split-distribute and union
/// lists; the backend records which. Namespaces do not apply (set_current_namespace is a
/// no-op).
template <class T>
class operator_list_state final : public list_state<T>, public internal_operator_state {
public:
  explicit operator_list_state(std::string name) : name_(std::move(name)) {}

  std::vector<T> get() override { return values_; }
  void add(T value) override { values_.push_back(std::move(value)); }
  void add_all(const std::vector<T>& values) override {
    values_.insert(values_.end(), values.begin(), values.end());
  }
  void update(const std::vector<T>& values) override { values_ = values; }
  void clear() override { values_.clear(); }
  void set_current_namespace(std::string_view) override {}

  void encode(std::vector<operator_state_image::entry>& out) const override {
    for (const auto& v : values_) {
      operator_state_image::entry e;
      weir::encode(v, e.value);
      out.push_back(std::move(e));
    }
  }

  result<void> load(const std::vector<operator_state_image::entry>& entries) override {
    for (const auto& e : entries) {
      auto v = decode<T>(e.value);
      if (!v)
        return error{errc::decode_failed,
                     "a restored element of operator list state '" + name_
                       + "' does not decode: " + v.error().to_string()};
      values_.push_back(std::move(*v));
    }
    return {};
  }

private:
  std::string name_;
  std::vector<T> values_;
};

} // namespace weir::state
