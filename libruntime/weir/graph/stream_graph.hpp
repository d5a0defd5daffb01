#pragma once

#include <memory>
#include <vector>

#include "weir/graph/stream_node.hpp"

namespace weir::graph {

/// The logical graph a program builds through the API: nodes in creation order, so every
/// node's inputs come before it. Owned by the environment; streams refer to nodes by id.
class stream_graph {
public:
  stream_node& add(stream_node node) {
    node.id = static_cast<int>(nodes_.size());
    nodes_.push_back(std::move(node));
    return nodes_.back();
  }
  [[nodiscard]] stream_node& at(int id) { return nodes_.at(static_cast<std::size_t>(id)); }
  [[nodiscard]] const stream_node& at(int id) const {
    return nodes_.at(static_cast<std::size_t>(id));
  }
  [[nodiscard]] const std::vector<stream_node>& nodes() const noexcept { return nodes_; }
  [[nodiscard]] std::size_t size() const noexcept { return nodes_.size(); }
  void clear() { nodes_.clear(); }

private:
  std::vector<stream_node> nodes_;
};

} // namespace weir::graph
