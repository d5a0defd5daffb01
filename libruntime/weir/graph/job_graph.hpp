#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "weir/checkpoint/restart_strategy.hpp"
#include "weir/checkpoint_config.hpp"
#include "weir/flow/task.hpp"
#include "weir/graph/stream_graph.hpp"

namespace weir::graph {

/// A network edge of the physical plan: from the output `tag` ("" = main) of `source_node`
/// inside `source_vertex` to input `target_side` of `target_node`, the head of `target_vertex`.
struct job_edge {
  int id = 0;
  int source_vertex = 0;
  int source_node = 0;
  std::string tag;
  int target_vertex = 0;
  int target_node = 0;
  int target_side = 0;
  flow::partitioner_kind partitioner = flow::partitioner_kind::forward;
  writer_factory make_writer; ///< set for key_group and custom partitioners
  const flow::type_ops* type = nullptr; ///< record type on the edge
};

/// A chained connection inside a task: output `tag` of `from` feeds input 0 of `to`.
struct chain_link {
  int from = 0;
  std::string tag;
  int to = 0;
  const flow::type_ops* type = nullptr;
};

/// One operator chain, run as `parallelism` tasks.
struct job_vertex {
  int id = 0;
  std::string name;           ///< "a -> b -> c", as in Flink's web UI
  int parallelism = 1;
  int max_parallelism = 128;
  std::vector<int> nodes;     ///< operators, upstream first; nodes[0] is the head
  std::vector<chain_link> links;
  std::vector<int> in_edges;  ///< job_edge ids, in input-channel order
  std::vector<int> out_edges; ///< job_edge ids, in output-channel order
};

/// The physical plan of a job: chains, parallelism, partitioners and channel numbering.
/// Immutable once built; shared by every task of the job.
struct job_graph {
  std::string job_name;
  std::shared_ptr<const stream_graph> graph;
  std::vector<job_vertex> vertices; ///< upstream first
  std::vector<job_edge> edges;
  flow::task_settings settings;
  state_settings state;
  /// Checkpointing and recovery, as the environment configured them.
  checkpoint_config checkpointing;
  restart_strategy restart;
  std::uint64_t restart_seed = 0;
  std::string savepoint_path;
  bool allow_non_restored_state = false;

  /// Input channels of subtask `subtask` of `vertex`: for each, the edge and upstream subtask.
  struct channel {
    int edge = 0;
    int peer_subtask = 0;
  };
  [[nodiscard]] std::vector<channel> input_channels(int vertex, int subtask) const;
  /// Output channels of subtask `subtask` of `vertex`, edge by edge.
  [[nodiscard]] std::vector<channel> output_channels(int vertex, int subtask) const;
  /// Index of the input channel of (`vertex`, `subtask`) that carries `edge` from `peer`.
  [[nodiscard]] std::uint32_t input_channel_index(int vertex, int subtask, int edge,
                                                  int peer) const;
  /// Total number of tasks.
  [[nodiscard]] int task_count() const;
  /// Human-readable plan, one line per vertex and edge.
  [[nodiscard]] std::string describe() const;
};

} // namespace weir::graph
