#include "weir/flow/job_tracker.hpp"

#include <algorithm>

#include "weir/flow/partitioner_kind.hpp"

namespace weir::flow {

namespace {

constexpr std::size_t exceptions_kept = 100;

} // namespace

job_tracker::job_tracker(std::string job_id, const graph::job_graph& plan,
                         std::int64_t start_time)
  : job_id_(std::move(job_id)), job_name_(plan.job_name),
    state_backend_(plan.state.backend == state_backend_kind::rocksdb ? "rocksdb" : "heap"), start_time_(start_time) {
  for (const auto& v : plan.vertices) {
    vertex_details d;
    d.id = v.id;
    d.name = v.name;
    d.parallelism = v.parallelism;
    d.max_parallelism = v.max_parallelism;
    if (plan.graph)
      for (int n : v.nodes)
        d.operators.push_back(plan.graph->at(n).name);
    for (int e : v.in_edges) {
      const auto& edge = plan.edges[static_cast<std::size_t>(e)];
      d.inputs.push_back({edge.source_vertex, to_string(edge.partitioner)});
    }
    vertices_.push_back(std::move(d));
  }
}

void job_tracker::on_exception(const error& err, std::int64_t now, bool restarted) {
  exceptions_.push_back(job_exception{now, err.message(), to_string(err.code()), restarted});
  if (exceptions_.size() > exceptions_kept)
    exceptions_.erase(exceptions_.begin());
}

void job_tracker::on_new_attempt() { finished_.clear(); }

checkpoint_summary* job_tracker::find(std::uint64_t id) {
  for (auto& c : stats_.history)
    if (c.id == id)
      return &c;
  return nullptr;
}

void job_tracker::checkpoint_triggered(std::uint64_t id, bool savepoint, std::int64_t now) {
  checkpoint_summary c;
  c.id = id;
  c.savepoint = savepoint;
  c.trigger_timestamp = now;
  stats_.history.insert(stats_.history.begin(), std::move(c));
  ++stats_.in_progress;
  if (stats_.history.size() > checkpoint_statistics::history_size) {
    if (stats_.history.back().status == "IN_PROGRESS" && stats_.in_progress > 0)
      --stats_.in_progress; // dropped from the history without an outcome
    stats_.history.pop_back();
  }
}

void job_tracker::checkpoint_completed(std::uint64_t id, std::uint64_t bytes, std::string path,
                                       std::int64_t now) {
  ++stats_.completed;
  auto* c = find(id);
  if (!c)
    return;
  if (c->status == "IN_PROGRESS" && stats_.in_progress > 0)
    --stats_.in_progress;
  c->status = "COMPLETED";
  c->end_timestamp = std::max(now, c->trigger_timestamp);
  c->state_size = bytes;
  c->external_path = std::move(path);
}

void job_tracker::checkpoint_failed(std::uint64_t id, std::string reason, std::int64_t now) {
  auto* c = find(id);
  if (c && c->status != "IN_PROGRESS")
    return; // already decided
  ++stats_.failed;
  if (!c)
    return;
  if (stats_.in_progress > 0)
    --stats_.in_progress;
  c->status = "FAILED";
  c->end_timestamp = std::max(now, c->trigger_timestamp);
  c->failure_message = std::move(reason);
}

void job_tracker::task_finished(int vertex, int subtask,
                                const std::vector<operator_metrics>& metrics) {
  finished_[{vertex, subtask}] = metrics;
}

job_details job_tracker::details(job_status status, std::uint32_t restarts,
                                 std::int64_t now) const {
  job_details d;
  d.id = job_id_;
  d.name = job_name_;
  d.status = status;
  d.start_time = start_time_;
  d.end_time = end_time_;
  d.now = now;
  d.restarts = restarts;
  d.vertices = vertices_;
  d.checkpoints = stats_;
  d.exceptions = exceptions_;
  d.state_backend = state_backend_;
  for (auto& v : d.vertices) {
    v.subtasks.resize(static_cast<std::size_t>(std::max(v.parallelism, 0)));
    for (int s = 0; s < v.parallelism; ++s) {
      auto& t = v.subtasks[static_cast<std::size_t>(s)];
      t.vertex = v.id;
      t.subtask = s;
      auto it = finished_.find({v.id, s});
      if (it == finished_.end()) {
        for (const auto& name : v.operators)
          t.operators.push_back(operator_sample{0, name, 0, 0, {}});
        t.finished = is_terminal(status);
        continue;
      }
      t.finished = true;
      for (const auto& m : it->second)
        t.operators.push_back(operator_sample{m.node_id, m.name, m.records_in, m.records_out, {}});
    }
  }
  return d;
}

void apply_samples(job_details& details, std::vector<task_sample> samples) {
  for (auto& s : samples)
    for (auto& v : details.vertices)
      if (v.id == s.vertex && s.subtask >= 0
          && static_cast<std::size_t>(s.subtask) < v.subtasks.size()) {
        v.subtasks[static_cast<std::size_t>(s.subtask)] = std::move(s);
        break;
      }
}

} // namespace weir::flow
