#include "weir/graph/plan_builder.hpp"

#include <map>
#include <set>

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
    if (auto err = check_side_outputs())
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
      if (n.parallelism && *n.parallelism < 1)
        return error{errc::invalid_configuration,
                     "operator " + quoted(n) + " has parallelism " + std::to_string(*n.parallelism)
                       + "; set_parallelism takes 1 or more (or leave it unset for the "
                         "environment's parallelism)"};
      if (n.max_parallelism && (*n.max_parallelism < 1 || *n.max_parallelism > 32768))
        return error{errc::invalid_configuration,
                     "operator " + quoted(n) + " has max parallelism "
                       + std::to_string(*n.max_parallelism)
                       + "; set_max_parallelism takes 1..32768 (or leave it unset for the "
                         "environment's max parallelism)"};
      int p = n.parallelism.value_or(cfg_.parallelism);
      if (n.non_parallel) {
        if (p > 1 && n.parallelism)
          return error{errc::invalid_configuration,
                       "source " + quoted(n) + " is non-parallel and cannot run at parallelism "
                         + std::to_string(p) + "; leave it at 1"};
        p = 1;
      }
      int mp = n.max_parallelism.value_or(cfg_.max_parallelism);
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

  /// A side output can only be read from an operator whose function has a context that
  /// emits one; anything else would be an edge that never carries a record.
  std::optional<error> check_side_outputs() const {
    for (const auto& n : g_.nodes()) {
      if (n.kind != node_kind::side_output)
        continue;
      const auto& up = g_.at(n.inputs.at(0));
      if (up.is_virtual() || !up.emits_side_outputs)
        return error{errc::invalid_plan,
                     "get_side_output(\"" + n.tag + "\") reads from " + quoted(up)
                       + ", which cannot emit side outputs; only process functions emit them "
                         "(ctx.output(tag, value)): call get_side_output on the stream that "
                         "process(...) returned"};
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

/// The nodes the next job runs, renumbered in a copy: those added since the last execute(),
/// and what they read from (Flink runs the transformations its sinks reach).
std::shared_ptr<stream_graph> select_job(const stream_graph& g) {
  std::vector<bool> needed(g.size(), false);
  for (std::size_t id = g.size(); id-- > 0;) {
    needed[id] = needed[id] || id >= g.consumed();
    if (needed[id])
      for (int in : g.nodes()[id].inputs)
        needed[static_cast<std::size_t>(in)] = true;
  }
  auto job = std::make_shared<stream_graph>();
  std::vector<int> renumbered(g.size(), -1);
  for (const auto& n : g.nodes()) {
    if (!needed[static_cast<std::size_t>(n.id)])
      continue;
    auto copy = n;
    for (int& in : copy.inputs)
      in = renumbered[static_cast<std::size_t>(in)];
    renumbered[static_cast<std::size_t>(n.id)] = job->add(std::move(copy)).id;
  }
  return job;
}

/// Default names that several operators share get a suffix in creation order ("Keyed
/// Aggregation", "Keyed Aggregation (2)", ...), so that metrics by name never add up unrelated
/// operators; names the program gave stay as they are, and no default name takes one of them.
void name_uniquely(stream_graph& g) {
  std::set<std::string> taken;
  for (const auto& n : g.nodes())
    if (n.name_given)
      taken.insert(n.name);
  for (const auto& n : g.nodes()) {
    if (n.name_given || n.is_virtual())
      continue;
    auto name = n.name;
    for (int k = 2; taken.contains(name); ++k)
      name = n.name + " (" + std::to_string(k) + ")";
    taken.insert(name);
    g.at(n.id).name = std::move(name);
  }
}

} // namespace

std::variant<job_graph, error> build_job_graph(const stream_graph& graph,
                                               const configuration& config,
                                               std::string job_name) {
  auto job = select_job(graph);
  if (job->size() == 0)
    return error{errc::invalid_plan,
                 graph.executed()
                   ? "No operators defined in streaming topology: execute() already ran this "
                     "environment's job graph and consumed it, as in Flink; build the job again "
                     "(sources, transformations and a sink) before calling execute() again"
                   : "No operators defined in streaming topology; add a source, transformations "
                     "and a sink before execute()"};
  name_uniquely(*job);
  job_graph jg;
  jg.job_name = std::move(job_name);
  jg.settings.batch_size = config.batch_size;
  jg.settings.remote_batch_size = config.effective_remote_batch_size();
  jg.settings.buffer_timeout = config.buffer_timeout;
  jg.settings.credits_per_channel = config.credits_per_channel;
  jg.settings.idle_poll_max = config.source_idle_backoff_max;
  jg.settings.poll_timeout = config.source_poll_timeout;
  jg.settings.clock = config.clock;
  jg.settings.auto_watermark_interval = config.auto_watermark_interval;
  jg.settings.metrics_enabled = config.metrics_enabled;
  jg.state = state_settings{config.state_backend, config.state_dir, config.window_cache_entries};
  jg.settings.checkpoint_mode = config.checkpointing.mode;
  jg.settings.unaligned = config.checkpointing.unaligned;
  jg.settings.linger_until_job_end = config.checkpointing.enabled();
  jg.settings.checkpointing = config.checkpointing.enabled();
  for (std::size_t i = 0; i < job->size(); ++i)
    if (job->at(static_cast<int>(i)).commits_at_job_end)
      jg.settings.linger_until_job_end = true;
  jg.settings.faults = config.faults;
  jg.checkpointing = config.checkpointing;
  jg.restart = config.effective_restart_strategy();
  jg.restart_seed = config.restart_seed;
  jg.savepoint_path = config.savepoint_path;
  jg.allow_non_restored_state = config.allow_non_restored_state;
  builder b{*job, config};
  jg.graph = std::move(job);
  return b.run(std::move(jg));
}

} // namespace weir::graph
