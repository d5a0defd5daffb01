#include "weir/graph/task_builder.hpp"

#include <map>

#include "weir/flow/key_group.hpp"

namespace weir::graph {

std::variant<std::shared_ptr<const restore_point>, error>
read_restore_point(const std::filesystem::path& path) {
  auto read = checkpoint::read_metadata(path);
  if (auto* err = std::get_if<error>(&read))
    return *err;
  auto point = std::make_shared<restore_point>();
  point->metadata = std::move(std::get<checkpoint::checkpoint_metadata>(read));
  point->directory = std::filesystem::is_directory(path) ? path : path.parent_path();
  return std::shared_ptr<const restore_point>{std::move(point)};
}

std::string operator_id(const stream_node& node) {
  return node.uid.empty() ? "node-" + std::to_string(node.id) : node.uid;
}

std::unique_ptr<flow::task> build_task(const job_graph& plan, int vertex, int subtask,
                                       flow::transport& transport, const restore_point* restore) {
  const auto& v = plan.vertices.at(vertex);
  const auto& g = *plan.graph;
  auto in_chans = plan.input_channels(vertex, subtask);
  auto out_chans = plan.output_channels(vertex, subtask);
  auto t = std::make_unique<flow::task>(v.name + " (" + std::to_string(subtask + 1) + "/"
                                          + std::to_string(v.parallelism) + ")",
                                        transport, plan.settings, in_chans.size(),
                                        out_chans.size());
  auto groups = flow::key_group_range_for_operator(v.max_parallelism, v.parallelism, subtask);
  std::map<int, flow::operator_base*> ops;
  for (int id : v.nodes) {
    const auto& n = g.at(id);
    runtime_context ctx{n.name, subtask, v.parallelism, v.max_parallelism, groups};
    ctx.set_state_settings(plan.state);
    ctx.set_queryable_states(&t->queryable_states());
    auto& op = t->add_operator(n.make_operator(ctx), id,
                               flow::operator_identity{operator_id(n), n.name, n.uid});
    ops[id] = &op;
    if (plan.settings.persistence) {
      const checkpoint::operator_snapshot* snap =
        restore != nullptr ? restore->metadata.find(operator_id(n)) : nullptr;
      plan.settings.persistence->restore(op, restore != nullptr ? restore->directory
                                                                : std::filesystem::path{},
                                         snap);
    }
    if (n.kind == node_kind::source)
      t->set_source(static_cast<flow::source_operator_base*>(&op));
  }

  // Outputs: every (operator, tag) gets the inputs of its chained successors and the writers
  // of its network edges; one consumer is called directly, several through a fan-out.
  struct output_key {
    int node;
    std::string tag;
    auto operator<=>(const output_key&) const = default;
  };
  std::map<output_key, std::pair<const flow::type_ops*, std::vector<void*>>> outputs;
  for (const auto& link : v.links)
    outputs[{link.from, link.tag}] = {link.type, {}};
  for (int e : v.out_edges)
    outputs[{plan.edges[e].source_node, plan.edges[e].tag}] = {plan.edges[e].type, {}};
  for (const auto& link : v.links)
    outputs[{link.from, link.tag}].second.push_back(ops.at(link.to)->input_face(0));
  std::uint32_t first = 0;
  for (int e : v.out_edges) {
    const auto& edge = plan.edges[e];
    std::vector<int> targets;
    for (const auto& ch : out_chans)
      if (ch.edge == e)
        targets.push_back(ch.peer_subtask);
    auto ctx = t->make_writer_context(first, targets,
                                      plan.vertices[edge.target_vertex].parallelism,
                                      plan.vertices[edge.target_vertex].max_parallelism,
                                      subtask);
    first += static_cast<std::uint32_t>(targets.size());
    auto& w = t->add_writer(edge.make_writer ? edge.make_writer(ctx)
                                             : edge.type->make_writer(edge.partitioner, ctx));
    outputs[{edge.source_node, edge.tag}].second.push_back(w.as_input());
  }
  for (auto& [key, out] : outputs) {
    auto& [type, consumers] = out;
    void* target = consumers.front();
    if (consumers.size() > 1) {
      auto holder = type->make_fanout(target);
      for (void* c : consumers)
        type->add_to_fanout(*holder, c);
      t->keep(std::move(holder));
    }
    if (key.tag.empty())
      ops.at(key.node)->connect_output(target);
    else
      ops.at(key.node)->connect_side_output(key.tag, type->make_side_slot(key.tag, target));
  }

  // Inputs: one consumer per edge, shared by that edge's channels.
  std::map<int, flow::batch_consumer*> consumer_of_edge;
  for (int e : v.in_edges) {
    const auto& edge = plan.edges[e];
    auto face = ops.at(edge.target_node)->input_face(edge.target_side);
    consumer_of_edge[e] = &t->add_consumer(edge.type->make_consumer(face));
  }
  for (std::size_t i = 0; i < in_chans.size(); ++i)
    t->bind_input_channel(static_cast<std::uint32_t>(i), *consumer_of_edge.at(in_chans[i].edge));

  // Unaligned checkpoints store in-flight batches by channel; a restore replays them.
  std::vector<const flow::type_ops*> in_types;
  for (const auto& ch : in_chans)
    in_types.push_back(plan.edges[ch.edge].type);
  std::vector<const flow::type_ops*> out_types;
  for (const auto& ch : out_chans)
    out_types.push_back(plan.edges[ch.edge].type);
  t->set_channel_types(std::move(in_types), std::move(out_types));
  if (restore != nullptr) {
    const auto& head = g.at(v.nodes.front());
    if (const auto* snap = restore->metadata.find(operator_id(head))) {
      // Same parallelism: this instance's own watermarks; else the lowest of all (no record
      // becomes late that was not).
      std::optional<std::int64_t> in;
      std::optional<std::int64_t> out;
      for (const auto& s : snap->subtasks) {
        if (snap->parallelism == v.parallelism && s.subtask != subtask)
          continue;
        auto lower = [](std::optional<std::int64_t>& acc, std::optional<std::int64_t> x) {
          acc = x ? (acc ? std::min(*acc, *x) : *x) : std::optional<std::int64_t>{event_time_min.value()};
        };
        if (&s == &snap->subtasks.front() || snap->parallelism == v.parallelism) {
          in = s.input_watermark;
          out = s.output_watermark;
        } else {
          lower(in, s.input_watermark);
          lower(out, s.output_watermark);
        }
      }
      t->restore_watermarks(event_time{in.value_or(event_time_min.value())},
                            event_time{out.value_or(event_time_min.value())});
    }
    if (const auto* snap = restore->metadata.find(operator_id(head)))
      for (const auto& s : snap->subtasks)
        if (s.subtask == subtask && !s.channel_state.empty()) {
          if (snap->parallelism != v.parallelism)
            throw weir_exception(error{
              errc::invalid_configuration,
              "the checkpoint at " + restore->directory.string()
                + " is unaligned and holds in-flight records of '" + head.name + "' at parallelism "
                + std::to_string(snap->parallelism) + "; it restores only at that parallelism "
                + "(now " + std::to_string(v.parallelism)
                + "): restore at parallelism " + std::to_string(snap->parallelism)
                + ", or take a savepoint (always aligned) and rescale from it"});
          auto read = flow::read_channel_state(restore->directory / s.channel_state);
          if (auto* err = std::get_if<error>(&read))
            throw weir_exception(*err);
          t->restore_channel_state(std::move(std::get<0>(read)));
        }
  }
  return t;
}

} // namespace weir::graph
