#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <vector>

#include <caf/actor.hpp>
#include <caf/actor_system.hpp>

#include "weir/graph/job_graph.hpp"
#include "weir/graph/task_builder.hpp"

namespace weir::actors {

/// What crossed between nodes on task channels in this process (for weir-bench and logs).
struct wire_counters {
  std::atomic<std::uint64_t> records_sent{0};
  std::atomic<std::uint64_t> batches_sent{0};
  std::atomic<std::uint64_t> messages_sent{0}; ///< wire_msg, each with one or more frames
  std::atomic<std::uint64_t> bytes_sent{0};
  std::atomic<std::uint64_t> records_received{0};
  std::atomic<std::uint64_t> bytes_received{0};
};
[[nodiscard]] wire_counters& wire_statistics() noexcept;

/// Where one output channel of a task leads: the receiving task and its input channel.
struct output_route {
  caf::actor target;
  std::uint32_t channel = 0;
};

/// Which execution a task belongs to, and what it restores.
struct task_deployment {
  std::uint32_t attempt = 0;
  std::shared_ptr<const graph::restore_point> restore; ///< null: start empty
};

/// `plan` as its tasks run it in a job whose checkpoints go to `checkpoint_base`: with the state
/// layer persisting their snapshots there. The job master and a worker's task manager both
/// deploy tasks with it.
[[nodiscard]] std::shared_ptr<const graph::job_graph>
with_checkpoint_storage(const graph::job_graph& plan, std::filesystem::path checkpoint_base);

/// Spawns the actor running subtask `subtask` of `vertex`: a shell around flow::task that
/// turns messages into task events and the task's transport calls into messages. It greets
/// each route with open_channel_msg, reports task_finished_msg or task_failed_msg to
/// `master`, and quits when its task is done or on cancel_atom.
caf::actor spawn_task(caf::actor_system& sys, std::shared_ptr<const graph::job_graph> plan,
                      int vertex, int subtask, std::vector<output_route> routes,
                      caf::actor master, task_deployment deployment = {});

} // namespace weir::actors
