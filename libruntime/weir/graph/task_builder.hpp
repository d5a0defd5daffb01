#pragma once

#include <filesystem>
#include <memory>
#include <variant>

#include "weir/checkpoint/checkpoint_metadata.hpp"
#include "weir/flow/task.hpp"
#include "weir/graph/job_graph.hpp"

namespace weir::graph {

/// The checkpoint or savepoint an execution restores: its directory and manifest.
struct restore_point {
  std::filesystem::path directory;
  checkpoint::checkpoint_metadata metadata;
};

/// The manifest of the checkpoint or savepoint at `path` (its directory or its _metadata
/// file), or why it cannot be read.
[[nodiscard]] std::variant<std::shared_ptr<const restore_point>, error>
read_restore_point(const std::filesystem::path& path);

/// What restores operator `node`: its uid, or "node-<id>" when the program set none.
[[nodiscard]] std::string operator_id(const stream_node& node);

/// Instantiates subtask `subtask` of `vertex`: its operators, the wiring inside its chain,
/// writers for its output edges and consumers for its input channels. Channel numbers follow
/// job_graph::input_channels / output_channels. With `restore`, each operator's state is
/// restored from it (by operator id) before the task opens.
[[nodiscard]] std::unique_ptr<flow::task> build_task(const job_graph& plan, int vertex,
                                                     int subtask, flow::transport& transport,
                                                     const restore_point* restore = nullptr);

} // namespace weir::graph
