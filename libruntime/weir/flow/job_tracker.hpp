#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "weir/error.hpp"
#include "weir/flow/task.hpp"
#include "weir/graph/job_graph.hpp"
#include "weir/job_details.hpp"

namespace weir::flow {

/// What the job master remembers about its job for the people operating it: when it started
/// and ended, the failures it saw, its checkpoints' history (Flink's CheckpointStatsTracker)
/// and the counts each subtask reported when it finished. The master feeds it events and asks
/// it for the job_details skeleton (vertices from the plan, no live samples: those come from
/// the tasks). Plain class; times are passed in (ms since the epoch). Master thread only.
class job_tracker {
public:
  job_tracker(std::string job_id, const graph::job_graph& plan, std::int64_t start_time);

  /// A failure: it restarts the job (`restarted`), or it ends it.
  void on_exception(const error& err, std::int64_t now, bool restarted);
  /// A restart deploys a new attempt: the subtasks' final counts start over.
  void on_new_attempt();
  /// The job restored checkpoint or savepoint state (at start or at a restart).
  void on_restored() { ++stats_.restored; }

  void checkpoint_triggered(std::uint64_t id, bool savepoint, std::int64_t now);
  void checkpoint_completed(std::uint64_t id, std::uint64_t bytes, std::string path,
                            std::int64_t now);
  void checkpoint_failed(std::uint64_t id, std::string reason, std::int64_t now);

  /// Subtask `subtask` of vertex `vertex` ended its streams with these counts.
  void task_finished(int vertex, int subtask, const std::vector<operator_metrics>& metrics);

  /// The job ended at `now`.
  void on_end(std::int64_t now) { end_time_ = now; }

  /// The job as far as the master knows it, with `status`: every subtask present (a finished
  /// one with its final counts, marked finished), to be overlaid with live samples.
  [[nodiscard]] job_details details(job_status status, std::uint32_t restarts,
                                    std::int64_t now) const;
  [[nodiscard]] const checkpoint_statistics& checkpoints() const noexcept { return stats_; }
  [[nodiscard]] const std::string& job_id() const noexcept { return job_id_; }

private:
  checkpoint_summary* find(std::uint64_t id);

  std::string job_id_;
  std::string job_name_;
  std::string state_backend_;
  std::vector<vertex_details> vertices_;
  std::int64_t start_time_ = 0;
  std::int64_t end_time_ = 0;
  checkpoint_statistics stats_;
  std::vector<job_exception> exceptions_;
  std::map<std::pair<int, int>, std::vector<operator_metrics>> finished_;
};

/// Overlays live samples on `details`: each replaces the subtask it names (by vertex and
/// subtask index).
void apply_samples(job_details& details, std::vector<task_sample> samples);

} // namespace weir::flow
