#pragma once

#include <optional>
#include <string>
#include <variant>

#include "weir/configuration.hpp"
#include "weir/error.hpp"
#include "weir/graph/job_graph.hpp"

namespace weir::graph {

/// Turns the logical graph into the physical plan (Flink's StreamGraph -> JobGraph): resolves
/// virtual nodes into edges with partitioners, fixes parallelism, and chains operators joined
/// by forward edges of equal parallelism. Checks the configuration and every node before
/// anything runs; the error names the operator and the fix. The plan runs a copy of the nodes
/// added since the last execute() and those they read from, with default names made unique;
/// `graph` itself is not changed.
[[nodiscard]] std::variant<job_graph, error>
build_job_graph(const stream_graph& graph, const configuration& config, std::string job_name);

} // namespace weir::graph
