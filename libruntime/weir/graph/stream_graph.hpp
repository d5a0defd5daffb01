#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "weir/error.hpp"
#include "weir/graph/stream_node.hpp"

namespace weir::graph {

/// The logical graph a program builds through the API: nodes in creation order, so every
/// node's inputs come before it. Owned by the environment; streams refer to nodes by id, and
/// ids stay valid for the environment's lifetime.
///
/// As in Flink, execute() consumes what was built: the nodes added before it are not run
/// again, unless a later sink reads from them (then they run again in the new job, as Flink
/// re-runs the transformations an old DataStream refers to).
class stream_graph {
public:
  stream_node& add(stream_node node) {
    node.id = static_cast<int>(nodes_.size());
    nodes_.push_back(std::move(node));
    return nodes_.back();
  }
  [[nodiscard]] stream_node& at(int id) {
    check(id);
    return nodes_[static_cast<std::size_t>(id)];
  }
  [[nodiscard]] const stream_node& at(int id) const {
    check(id);
    return nodes_[static_cast<std::size_t>(id)];
  }
  [[nodiscard]] const std::vector<stream_node>& nodes() const noexcept { return nodes_; }
  [[nodiscard]] std::size_t size() const noexcept { return nodes_.size(); }

  /// execute() ran the job: the nodes so far are consumed.
  void mark_executed() noexcept {
    consumed_ = nodes_.size();
    executed_ = true;
  }
  /// Whether execute() ran a job of this graph before.
  [[nodiscard]] bool executed() const noexcept { return executed_; }
  /// Nodes with a smaller id belong to jobs execute() already ran.
  [[nodiscard]] std::size_t consumed() const noexcept { return consumed_; }

private:
  void check(int id) const {
    if (id < 0 || static_cast<std::size_t>(id) >= nodes_.size())
      throw weir_exception(error{errc::invalid_plan,
                                 "stream " + std::to_string(id)
                                   + " is not part of this environment's graph; a stream "
                                     "belongs to the environment that created it"});
  }

  std::vector<stream_node> nodes_;
  std::size_t consumed_ = 0;
  bool executed_ = false;
};

} // namespace weir::graph
