#include "weir/graph/job_graph.hpp"

#include <sstream>
#include <stdexcept>

namespace weir::graph {

std::vector<job_graph::channel> job_graph::input_channels(int vertex, int subtask) const {
  std::vector<channel> out;
  for (int e : vertices.at(vertex).in_edges) {
    const auto& edge = edges.at(e);
    int senders = vertices.at(edge.source_vertex).parallelism;
    int receivers = vertices.at(vertex).parallelism;
    for (int s = 0; s < senders; ++s)
      for (int r : flow::connected_receivers(edge.partitioner, senders, receivers, s))
        if (r == subtask)
          out.push_back({e, s});
  }
  return out;
}

std::vector<job_graph::channel> job_graph::output_channels(int vertex, int subtask) const {
  std::vector<channel> out;
  for (int e : vertices.at(vertex).out_edges) {
    const auto& edge = edges.at(e);
    int senders = vertices.at(vertex).parallelism;
    int receivers = vertices.at(edge.target_vertex).parallelism;
    for (int r : flow::connected_receivers(edge.partitioner, senders, receivers, subtask))
      out.push_back({e, r});
  }
  return out;
}

std::uint32_t job_graph::input_channel_index(int vertex, int subtask, int edge,
                                             int peer) const {
  auto chans = input_channels(vertex, subtask);
  for (std::size_t i = 0; i < chans.size(); ++i)
    if (chans[i].edge == edge && chans[i].peer_subtask == peer)
      return static_cast<std::uint32_t>(i);
  throw std::logic_error("no input channel for edge " + std::to_string(edge));
}

int job_graph::task_count() const {
  int n = 0;
  for (const auto& v : vertices)
    n += v.parallelism;
  return n;
}

std::string job_graph::describe() const {
  std::ostringstream os;
  for (const auto& v : vertices)
    os << "vertex " << v.id << " [" << v.name << "] parallelism " << v.parallelism << '\n';
  for (const auto& e : edges)
    os << "edge " << e.source_vertex << " -> " << e.target_vertex << " ("
       << flow::to_string(e.partitioner) << (e.tag.empty() ? "" : ", side output " + e.tag)
       << ")\n";
  return os.str();
}

} // namespace weir::graph
