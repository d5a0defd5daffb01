#pragma once

#include <string>

#include "weir/data_stream.hpp"

namespace weir::detail {

/// Adds a two-input operation (inputs `first` and `second`, in that order) to the graph and
/// returns its output stream. Shared by connected and broadcast-connected streams.
/// `emits_side_outputs`: the function has a context with side outputs (process functions).
template <class Out>
data_stream<Out> add_two_input_operation(environment* env, std::string name, int first,
                                         int second, graph::operator_factory make,
                                         bool emits_side_outputs = false) {
  graph::stream_node n;
  n.kind = graph::node_kind::operation;
  n.name = std::move(name);
  n.inputs = {first, second};
  n.output_type = &flow::type_ops_of<Out>();
  n.make_operator = std::move(make);
  n.emits_side_outputs = emits_side_outputs;
  return data_stream<Out>{env, env->stream_graph().add(std::move(n)).id};
}

} // namespace weir::detail
