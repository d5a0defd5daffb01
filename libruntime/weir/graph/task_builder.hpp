#pragma once

#include <memory>

#include "weir/flow/task.hpp"
#include "weir/graph/job_graph.hpp"

namespace weir::graph {

/// Instantiates subtask `subtask` of `vertex`: its operators, the wiring inside its chain,
/// writers for its output edges and consumers for its input channels. Channel numbers follow
/// job_graph::input_channels / output_channels.
[[nodiscard]] std::unique_ptr<flow::task> build_task(const job_graph& plan, int vertex,
                                                     int subtask, flow::transport& transport);

} // namespace weir::graph
