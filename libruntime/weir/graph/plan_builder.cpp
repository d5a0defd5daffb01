#include "weir/graph/plan_builder.hpp"

#include <map>

namespace weir::graph {

namespace {

struct logical_edge {
  int from = 0;
  std::string tag;
  int to = 0;
  int side = 0;
  bool has_partitioner = false;
  flow::partitioner_kind kind = flow::partitioner_kind::forward;
  writer_factory make_writer;
  const flow::type_ops* type = nullptr;
};

std::string quoted(const stream_node& n) { return "'" + n.name + "'"; }

class builder {
public:
  builder(const stream_graph& g, const configuration& cfg) : g_(g), cfg_(cfg) {}

  std::variant<job_graph, error> run(job_graph jg) {
    if (auto err = cfg_.validate())
      return *err;
    if (auto err = resolve_parallelism())
      return *err;
    for (const auto& n : g_.nodes())
      if (n.validate)
        if (auto err = n.validate())
          return *err;
    std::map<std::string, int> uids;
    for (const auto& n : g_.nodes()) {
      if (n.uid.empty())
        continue;
      auto [it, fresh] = uids.try_emplace(n.uid, n.id);
      if (!fresh)
        return error{errc::invalid_plan,
                     "operators " + quoted(g_.at(it->second)) + " and " + quoted(n)
                       + " share the uid '" + n.uid
                       + "'; a uid identifies one operator's state across runs, make them unique"};
    }
    bool has_sink = false;
    for (const auto& n : g_.nodes())
      has_sink |= n.kind == node_kind::sink;
    if (!has_sink)
      return error{errc::invalid_plan,
                   "the job has no sink, so it would compute nothing; add print(), collect(), "
                   "a file sink or add_sink() to a stream"};
    for (const auto& n : g_.nodes())
      if (!n.is_virtual() && n.kind != node_kind::source)
        for (std::size_t side = 0; side < n.inputs.size(); ++side)
        {
          logical_edge e;
          e.to = n.id;
          e.side = static_cast<int>(side);
          resolve(n.inputs[side], std::move(e));
        }
    if (auto err = choose_partitioners())
      return *err;
    assemble(jg);
    return jg;
  }

private:
  std::optional<error> resolve_parallelism() {
    parallelism_.assign(g_.size(), 0);
    max_parallelism_.assign(g_.size(), 0);
    for (const auto& n : g_.nodes()) {
      if (n.is_virtual())
        continue;
      int p = n.parallelism > 0 ? n.parallelism : cfg_.parallelism;
      if (n.parallelism < 0)
        return error{errc::invalid_configuration,
                     "operator " + quoted(n) + " has parallelism " + std::to_string(n.parallelism)
                       + "; set_parallelism takes 1 or more"};
      if (n.non_parallel) {
        if (n.parallelism > 1)
          return error{errc::invalid_configuration,
                       "source " + quoted(n) + " is non-parallel and cannot run at parallelism "
                         + std::to_string(n.parallelism) + "; leave it at 1"};
        p = 1;
      }
      int mp = n.max_parallelism > 0 ? n.max_parallelism : cfg_.max_parallelism;
      if (mp < p)
        return error{errc::invalid_configuration,
                     "operator " + quoted(n) + " has parallelism " + std::to_string(p)
                       + " above the max parallelism " + std::to_string(mp)
                       + "; raise max_parallelism (it bounds the key groups) or lower the "
                         "parallelism"};
      parallelism_[n.id] = p;
      max_parallelism_[n.id] = mp;
    }
    return std::nullopt;
  }

  void resolve(int id, logical_edge e) {
    const auto& n = g_.at(id);
    switch (n.kind) {
      case node_kind::partition:
        if (!e.has_partitioner) { // the partitioner applied last (closest to the consumer) wins
          e.has_partitioner = true;
          e.kind = n.partitioner;
          e.make_writer = n.make_writer;
        }
        resolve(n.inputs.at(0), std::move(e));
        return;
      case node_kind::union_of:
        for (int in : n.inputs)
          resolve(in, e);
        return;
      case node_kind::side_output:
        e.tag = n.tag;
        e.type = n.output_type;
        resolve(n.inputs.at(0), std::move(e));
        return;
      default:
        e.from = id;
        if (e.type == nullptr)
          e.type = n.output_type;
        edges_.push_back(std::move(e));
    }
  }

  std::optional<error> choose_partitioners() {
    for (auto& e : edges_) {
      int up = parallelism_[e.from];
      int down = parallelism_[e.to];
      if (!e.has_partitioner) {
        // Flink's default: forward between equal parallelism, rebalance otherwise.
        e.kind = up == down ? flow::partitioner_kind::forward : flow::partitioner_kind::rebalance;
      } else if (e.kind == flow::partitioner_kind::forward && up != down) {
        return error{errc::invalid_plan,
                     "forward partitioning from " + quoted(g_.at(e.from)) + " (parallelism "
                       + std::to_string(up) + ") to " + quoted(g_.at(e.to)) + " (parallelism "
                       + std::to_string(down)
                       + ") needs equal parallelism; use rebalance() or rescale(), or give both "
                         "the same parallelism"};
      }
    }
    return std::nullopt;
  }

  bool chainable(const logical_edge& e, const std::map<int, int>& in_degree) const {
    const auto& up = g_.at(e.from);
    const auto& down = g_.at(e.to);
    return e.kind == flow::partitioner_kind::forward
           && parallelism_[e.from] == parallelism_[e.to] && in_degree.at(e.to) == 1
           && !up.chaining_disabled && !down.chaining_disabled && !down.starts_new_chain;
  }

  void assemble(job_graph& jg) {
    std::map<int, int> in_degree;
    for (const auto& e : edges_)
      ++in_degree[e.to];
    std::vector<int> head(g_.size(), -1);
    std::vector<bool> chained(edges_.size(), false);
    for (const auto& n : g_.nodes()) {
      if (n.is_virtual())
        continue;
      head[n.id] = n.id;
      for (std::size_t i = 0; i < edges_.size(); ++i)
        if (edges_[i].to == n.id && chainable(edges_[i], in_degree)) {
          head[n.id] = head[edges_[i].from];
          chained[i] = true;
        }
    }
    std::map<int, int> vertex_of_head;
    std::vector<int> vertex_of(g_.size(), -1);
    for (const auto& n : g_.nodes()) {
      if (n.is_virtual())
        continue;
      auto [it, fresh] = vertex_of_head.try_emplace(head[n.id], static_cast<int>(jg.vertices.size()));
      if (fresh) {
        job_vertex v;
        v.id = it->second;
        v.parallelism = parallelism_[n.id];
        v.max_parallelism = max_parallelism_[n.id];
        jg.vertices.push_back(std::move(v));
      }
      auto& v = jg.vertices[it->second];
      v.nodes.push_back(n.id);
      v.name += (v.name.empty() ? "" : " -> ") + n.name;
      vertex_of[n.id] = it->second;
    }
    for (std::size_t i = 0; i < edges_.size(); ++i) {
      const auto& e = edges_[i];
      if (chained[i]) {
        jg.vertices[vertex_of[e.from]].links.push_back({e.from, e.tag, e.to, e.type});
        continue;
      }
      job_edge je;
      je.id = static_cast<int>(jg.edges.size());
      je.source_vertex = vertex_of[e.from];
      je.source_node = e.from;
      je.tag = e.tag;
      je.target_vertex = vertex_of[e.to];
      je.target_node = e.to;
      je.target_side = e.side;
      je.partitioner = e.kind;
      je.make_writer = e.make_writer;
      je.type = e.type;
      jg.vertices[je.source_vertex].out_edges.push_back(je.id);
      jg.vertices[je.target_vertex].in_edges.push_back(je.id);
      jg.edges.push_back(std::move(je));
    }
  }

  const stream_graph& g_;
  const configuration& cfg_;
  std::vector<int> parallelism_;
  std::vector<int> max_parallelism_;
  std::vector<logical_edge> edges_;
};

} // namespace

std::variant<job_graph, error> build_job_graph(std::shared_ptr<const stream_graph> graph,
                                               const configuration& config,
                                               std::string job_name) {
  job_graph jg;
  jg.job_name = std::move(job_name);
  jg.settings.batch_size = config.batch_size;
  jg.settings.buffer_timeout = config.buffer_timeout;
  jg.settings.credits_per_channel = config.credits_per_channel;
  jg.state = state_settings{config.state_backend, config.state_dir};
  builder b{*graph, config};
  jg.graph = std::move(graph);
  return b.run(std::move(jg));
}

} // namespace weir::graph
