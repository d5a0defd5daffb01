#include "weir/cluster/plan_fingerprint.hpp"

#include <algorithm>
#include <sstream>
#include <string_view>
#include <vector>

#include "weir/flow/partitioner_kind.hpp"
#include "weir/flow/type_ops.hpp"
#include "weir/graph/job_graph.hpp"
#include "weir/graph/task_builder.hpp"

namespace weir::cluster {

namespace {

// The mangled name of the C++ type (typeid): the same for two builds of one program, which is
// the case a cluster supports; a program built by another compiler differs, as its codecs may.
const char* type_name(const flow::type_ops* type) { return type ? type->name() : "none"; }

std::uint64_t fnv1a64(std::string_view text) {
  std::uint64_t hash = 14695981039346656037ull;
  for (unsigned char c : text) {
    hash ^= c;
    hash *= 1099511628211ull;
  }
  return hash;
}

std::vector<std::string_view> lines_of(std::string_view text) {
  std::vector<std::string_view> out;
  while (!text.empty()) {
    auto nl = text.find('\n');
    out.push_back(text.substr(0, nl));
    if (nl == std::string_view::npos)
      break;
    text.remove_prefix(nl + 1);
  }
  return out;
}

} // namespace

// One line per fact, in plan order, so that difference() can point at the first line that
// disagrees. Names are in brackets because they may contain spaces and "->".
plan_fingerprint plan_fingerprint::of(const graph::job_graph& plan) {
  std::ostringstream os;
  os << "weir wire " << wire_version << '\n';
  os << "job [" << plan.job_name << "]\n";
  for (const auto& v : plan.vertices) {
    os << "vertex " << v.id << " [" << v.name << "] parallelism " << v.parallelism
       << " max_parallelism " << v.max_parallelism << '\n';
    for (int id : v.nodes) {
      os << "  node " << id;
      if (plan.graph) {
        const auto& node = plan.graph->at(id);
        os << " id [" << graph::operator_id(node) << "] [" << node.name << "] output "
           << type_name(node.output_type);
      }
      os << '\n';
    }
    for (const auto& l : v.links)
      os << "  chain " << l.from << " [" << l.tag << "] -> " << l.to << " type "
         << type_name(l.type) << '\n';
  }
  for (const auto& e : plan.edges)
    os << "edge " << e.id << " vertex " << e.source_vertex << " node " << e.source_node
       << " [" << e.tag << "] -> vertex " << e.target_vertex << " node " << e.target_node
       << " side " << e.target_side << ' ' << flow::to_string(e.partitioner) << " type "
       << type_name(e.type) << '\n';
  plan_fingerprint out;
  out.description = os.str();
  out.hash = fnv1a64(out.description);
  return out;
}

std::optional<std::string> plan_fingerprint::difference(const plan_fingerprint& coordinator,
                                                        const plan_fingerprint& worker) {
  if (coordinator.hash == worker.hash && coordinator.description == worker.description)
    return std::nullopt;
  auto c = lines_of(coordinator.description);
  auto w = lines_of(worker.description);
  // The indentation of node and chain lines only groups them under their vertex.
  auto trimmed = [](std::string_view line) {
    line.remove_prefix(std::min(line.find_first_not_of(' '), line.size()));
    return std::string{line};
  };
  for (std::size_t i = 0; i < c.size() && i < w.size(); ++i)
    if (c[i] != w[i])
      return "line " + std::to_string(i + 1) + ": coordinator: " + trimmed(c[i])
             + "; worker: " + trimmed(w[i]);
  if (c.size() != w.size())
    return "coordinator has " + std::to_string(c.size()) + " lines, worker has "
           + std::to_string(w.size());
  // Equal descriptions (or none sent) with different hashes.
  return "coordinator plan " + coordinator.hex() + ", worker plan " + worker.hex();
}

std::string plan_fingerprint::hex() const {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out(16, '0');
  for (int i = 15, shift = 0; i >= 0; --i, shift += 4)
    out[static_cast<std::size_t>(i)] = digits[(hash >> shift) & 0xf];
  return out;
}

} // namespace weir::cluster
