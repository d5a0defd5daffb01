#pragma once

#include <string>
#include <utility>
#include <vector>

#include "weir/codec/codecs.hpp"
#include "weir/state/broadcast_state.hpp"
#include "weir/state/internal_operator_state.hpp"

namespace weir::state {

/// broadcast_state<K, V> registered in an operator_state_backend: adds encoding for
/// snapshots and decoding on restore. Each map entry is one snapshot entry (key bytes,
/// value bytes).
template <class K, class V>
class operator_broadcast_state final : public broadcast_state<K, V>,
                                       public internal_operator_state {
public:
  explicit operator_broadcast_state(std::string name) : name_(std::move(name)) {}

  void encode(std::vector<operator_state_image::entry>& out) const override {
    for (const auto& [k, v] : this->map_) {
      operator_state_image::entry e;
      weir::encode(k, e.key);
      weir::encode(v, e.value);
      out.push_back(std::move(e));
    }
  }

  result<void> load(const std::vector<operator_state_image::entry>& entries) override {
    for (const auto& e : entries) {
      auto k = decode<K>(e.key);
      auto v = decode<V>(e.value);
      if (!k || !v)
        return error{errc::decode_failed,
                     "a restored entry of broadcast state '" + name_ + "' does not decode: "
                       + (k ? v.error().to_string() : k.error().to_string())};
      this->map_.insert_or_assign(std::move(*k), std::move(*v));
    }
    return {};
  }

private:
  std::string name_;
};

} // namespace weir::state
