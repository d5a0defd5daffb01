#include "weir/environment.hpp"

#include "weir/data_stream.hpp"
#include "weir/flow/operators/text_file_source.hpp"
#include "weir/graph/plan_builder.hpp"

namespace weir {

data_stream<std::string> environment::read_text_file(std::string path) {
  graph::stream_node n;
  n.kind = graph::node_kind::source;
  n.name = "Read Text File: " + path;
  n.output_type = &flow::type_ops_of<std::string>();
  n.make_operator = [path](const runtime_context& ctx) {
    return std::make_unique<flow::text_file_source>(ctx, path);
  };
  n.validate = [path] { return flow::text_file_source::validate(path); };
  return data_stream<std::string>{this, graph_.add(std::move(n)).id};
}

std::variant<graph::job_graph, error> environment::plan(std::string job_name) const {
  return graph::build_job_graph(graph_, config_, std::move(job_name));
}

} // namespace weir
