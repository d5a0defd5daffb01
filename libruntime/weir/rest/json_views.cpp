#include "weir/rest/json_views.hpp"

#include <limits>
#include <map>

namespace weir::rest {

using nlohmann::json;

namespace {

constexpr std::int64_t no_watermark = std::numeric_limits<std::int64_t>::min();

/// Flink's task state names for a subtask.
const char* subtask_status(const job_details& job, const flow::task_sample& s) {
  if (!s.finished)
    return "RUNNING";
  switch (job.status) {
    case job_status::failed: return "FAILED";
    case job_status::canceled: return "CANCELED";
    case job_status::running:
    case job_status::finished: return "FINISHED";
    default: return "CANCELING";
  }
}

double ratio(std::uint64_t part, const flow::task_sample& s) {
  auto total = s.busy_ns + s.idle_ns + s.backpressured_ns;
  return total == 0 ? 0.0 : static_cast<double>(part) / static_cast<double>(total);
}

json watermark(std::int64_t w) { return w == no_watermark ? json(nullptr) : json(w); }

json user_metrics(const flow::operator_sample& op) {
  json out = json::object();
  for (const auto& m : op.user) {
    if (m.kind == metrics::metric_kind::histogram) {
      const auto& h = m.statistics;
      out[m.name] = {{"count", h.count}, {"min", h.min}, {"max", h.max}, {"mean", h.mean},
                     {"p50", h.p50},     {"p95", h.p95}, {"p99", h.p99}};
    } else {
      out[m.name] = m.value;
    }
  }
  return out;
}

json subtask_metrics(const flow::task_sample& s) {
  std::uint64_t in = s.operators.empty() ? 0 : s.operators.front().records_in;
  std::uint64_t out = s.operators.empty() ? 0 : s.operators.back().records_out;
  return {{"read-records", in},
          {"read-records-complete", s.finished},
          {"write-records", out},
          {"write-records-complete", s.finished},
          {"write-batches", s.batches_out},
          {"accumulated-busy-time", s.busy_ns / 1'000'000},
          {"accumulated-idle-time", s.idle_ns / 1'000'000},
          {"accumulated-backpressured-time", s.backpressured_ns / 1'000'000},
          {"current-input-watermark", watermark(s.input_watermark)},
          {"current-output-watermark", watermark(s.output_watermark)}};
}

/// Counts of subtasks per Flink task state.
json status_counts(const job_details& job, const vertex_details& v) {
  std::map<std::string, int> counts{{"CREATED", 0},  {"SCHEDULED", 0}, {"DEPLOYING", 0},
                                    {"RUNNING", 0},  {"FINISHED", 0},  {"CANCELING", 0},
                                    {"CANCELED", 0}, {"FAILED", 0},    {"RECONCILING", 0},
                                    {"INITIALIZING", 0}};
  for (const auto& s : v.subtasks)
    ++counts[subtask_status(job, s)];
  return json(counts);
}

const char* vertex_status(const job_details& job, const vertex_details& v) {
  bool any_running = false;
  for (const auto& s : v.subtasks)
    any_running = any_running || !s.finished;
  if (any_running)
    return "RUNNING";
  return v.subtasks.empty() ? "CREATED" : subtask_status(job, v.subtasks.front());
}

std::int64_t end_or_minus_one(const job_details& job) {
  return job.end_time == 0 ? -1 : job.end_time;
}

json checkpoint_entry(const checkpoint_summary& c) {
  return {{"id", c.id},
          {"status", c.status},
          {"is_savepoint", c.savepoint},
          {"checkpoint_type", c.savepoint ? "SAVEPOINT" : "CHECKPOINT"},
          {"trigger_timestamp", c.trigger_timestamp},
          {"latest_ack_timestamp", c.end_timestamp},
          {"state_size", c.state_size},
          {"checkpointed_size", c.state_size},
          {"end_to_end_duration", c.duration_ms()},
          {"external_path", c.external_path},
          {"failure_message", c.failure_message.empty() ? json(nullptr) : json(c.failure_message)},
          {"discarded", false}};
}

} // namespace

const char* backpressure_level(double r) noexcept {
  return r <= 0.10 ? "ok" : r <= 0.5 ? "low" : "high";
}

json jobs_json(const std::vector<job_details>& jobs) {
  json list = json::array();
  for (const auto& j : jobs)
    list.push_back({{"id", j.id}, {"status", to_string(j.status)}});
  return {{"jobs", list}};
}

json jobs_overview_json(const std::vector<job_details>& jobs) {
  json list = json::array();
  for (const auto& j : jobs) {
    int total = 0, running = 0, finished = 0;
    for (const auto& v : j.vertices) {
      ++total;
      if (std::string{vertex_status(j, v)} == "RUNNING")
        ++running;
      else
        ++finished;
    }
    list.push_back({{"jid", j.id},
                    {"name", j.name},
                    {"state", to_string(j.status)},
                    {"start-time", j.start_time},
                    {"end-time", end_or_minus_one(j)},
                    {"duration", j.duration_ms()},
                    {"last-modification", j.end_time != 0 ? j.end_time : j.now},
                    {"tasks", {{"total", total}, {"running", running}, {"finished", finished}}}});
  }
  return {{"jobs", list}};
}

json overview_json(const std::vector<job_details>& jobs) {
  int running = 0, finished = 0, cancelled = 0, failed = 0, slots = 0;
  for (const auto& j : jobs) {
    switch (j.status) {
      case job_status::finished: ++finished; break;
      case job_status::canceled: ++cancelled; break;
      case job_status::failed: ++failed; break;
      default: ++running; break;
    }
    if (!is_terminal(j.status))
      for (const auto& v : j.vertices)
        slots += v.parallelism;
  }
  return {{"taskmanagers", 1},      {"slots-total", slots},   {"slots-available", 0},
          {"jobs-running", running}, {"jobs-finished", finished}, {"jobs-cancelled", cancelled},
          {"jobs-failed", failed},   {"weir-version", "0.1.0"}};
}

json job_json(const job_details& job) {
  json vertices = json::array();
  for (const auto& v : job.vertices) {
    std::uint64_t batches = 0, busy = 0, idle = 0, bp = 0;
    for (const auto& s : v.subtasks) {
      batches += s.batches_out;
      busy += s.busy_ns;
      idle += s.idle_ns;
      bp += s.backpressured_ns;
    }
    vertices.push_back({{"id", std::to_string(v.id)},
                        {"name", v.name},
                        {"parallelism", v.parallelism},
                        {"maxParallelism", v.max_parallelism},
                        {"status", vertex_status(job, v)},
                        {"start-time", job.start_time},
                        {"end-time", end_or_minus_one(job)},
                        {"duration", job.duration_ms()},
                        {"tasks", status_counts(job, v)},
                        {"metrics",
                         {{"read-records", v.records_in()},
                          {"write-records", v.records_out()},
                          {"write-batches", batches},
                          {"accumulated-busy-time", busy / 1'000'000},
                          {"accumulated-idle-time", idle / 1'000'000},
                          {"accumulated-backpressured-time", bp / 1'000'000}}}});
  }
  json counts = json::object();
  for (auto s : {job_status::running, job_status::failing, job_status::cancelling,
                 job_status::failed, job_status::canceled, job_status::finished})
    counts[to_string(s)] = 0;
  for (const auto& v : job.vertices)
    counts[vertex_status(job, v)] = counts.value(vertex_status(job, v), 0) + 1;
  return {{"jid", job.id},
          {"name", job.name},
          {"isStoppable", false},
          {"state", to_string(job.status)},
          {"job-type", "STREAMING"},
          {"start-time", job.start_time},
          {"end-time", end_or_minus_one(job)},
          {"duration", job.duration_ms()},
          {"now", job.now},
          {"restarts", job.restarts},
          {"timestamps", {{to_string(job.status), job.end_time != 0 ? job.end_time : job.now},
                          {"CREATED", job.start_time}}},
          {"vertices", vertices},
          {"status-counts", counts},
          {"plan", plan_json(job)["plan"]}};
}

json vertex_json(const job_details& job, const vertex_details& v) {
  json subtasks = json::array();
  for (const auto& s : v.subtasks) {
    json ops = json::array();
    for (const auto& op : s.operators)
      ops.push_back({{"name", op.name},
                     {"read-records", op.records_in},
                     {"write-records", op.records_out},
                     {"user-metrics", user_metrics(op)}});
    subtasks.push_back({{"subtask", s.subtask},
                        {"status", subtask_status(job, s)},
                        {"attempt", s.attempt},
                        {"host", "localhost"},
                        {"start-time", job.start_time},
                        {"end-time", s.finished ? end_or_minus_one(job) : -1},
                        {"duration", job.duration_ms()},
                        {"metrics", subtask_metrics(s)},
                        {"backpressured", s.backpressured},
                        {"operators", ops}});
  }
  return {{"id", std::to_string(v.id)},
          {"name", v.name},
          {"parallelism", v.parallelism},
          {"maxParallelism", v.max_parallelism},
          {"now", job.now},
          {"subtasks", subtasks}};
}

json backpressure_json(const job_details& job, const vertex_details& v) {
  json subtasks = json::array();
  double worst = 0;
  for (const auto& s : v.subtasks) {
    auto bp = ratio(s.backpressured_ns, s);
    worst = std::max(worst, bp);
    subtasks.push_back({{"subtask", s.subtask},
                        {"attempt-number", s.attempt},
                        {"backpressure-level", backpressure_level(bp)},
                        {"ratio", bp},
                        {"idleRatio", ratio(s.idle_ns, s)},
                        {"busyRatio", ratio(s.busy_ns, s)},
                        {"backpressured-now", s.backpressured}});
  }
  return {{"status", "ok"},
          {"backpressure-level", backpressure_level(worst)},
          {"end-timestamp", job.now},
          {"subtasks", subtasks}};
}

json checkpoints_json(const job_details& job) {
  const auto& c = job.checkpoints;
  json history = json::array();
  json latest_completed = nullptr, latest_savepoint = nullptr, latest_failed = nullptr;
  std::int64_t min_d = 0, max_d = 0, sum_d = 0;
  std::uint64_t n = 0;
  for (const auto& h : c.history) {
    history.push_back(checkpoint_entry(h));
    if (h.status == "COMPLETED") {
      if (h.savepoint && latest_savepoint.is_null())
        latest_savepoint = checkpoint_entry(h);
      if (!h.savepoint && latest_completed.is_null())
        latest_completed = checkpoint_entry(h);
      auto d = h.duration_ms();
      min_d = n == 0 ? d : std::min(min_d, d);
      max_d = std::max(max_d, d);
      sum_d += d;
      ++n;
    } else if (h.status == "FAILED" && latest_failed.is_null()) {
      latest_failed = checkpoint_entry(h);
    }
  }
  return {{"counts",
           {{"restored", c.restored},
            {"total", c.completed + c.failed + c.in_progress},
            {"in_progress", c.in_progress},
            {"completed", c.completed},
            {"failed", c.failed}}},
          {"summary",
           {{"end_to_end_duration",
             {{"min", min_d}, {"max", max_d}, {"avg", n == 0 ? 0 : sum_d / static_cast<std::int64_t>(n)}}}}},
          {"latest",
           {{"completed", latest_completed},
            {"savepoint", latest_savepoint},
            {"failed", latest_failed},
            {"restored", nullptr}}},
          {"history", history}};
}

json exceptions_json(const job_details& job) {
  json entries = json::array();
  // Newest first, as Flink lists them.
  for (auto it = job.exceptions.rbegin(); it != job.exceptions.rend(); ++it)
    entries.push_back({{"exceptionName", it->kind},
                       {"stacktrace", it->message},
                       {"timestamp", it->timestamp},
                       {"taskName", nullptr},
                       {"restarted", it->restarted}});
  json root = nullptr, ts = nullptr;
  if (!job.exceptions.empty()) {
    root = job.exceptions.back().message;
    ts = job.exceptions.back().timestamp;
  }
  return {{"root-exception", root},
          {"timestamp", ts},
          {"truncated", false},
          {"exceptionHistory", {{"entries", entries}, {"truncated", false}}}};
}

json plan_json(const job_details& job) {
  json nodes = json::array();
  for (const auto& v : job.vertices) {
    json inputs = json::array();
    int num = 0;
    for (const auto& in : v.inputs)
      inputs.push_back({{"num", num++},
                        {"id", std::to_string(in.vertex)},
                        {"ship_strategy", in.ship_strategy},
                        {"exchange", "pipelined_bounded"}});
    std::string description;
    for (const auto& op : v.operators)
      description += (description.empty() ? "" : " -> ") + op;
    json node = {{"id", std::to_string(v.id)},
                 {"parallelism", v.parallelism},
                 {"operator", ""},
                 {"operator_strategy", ""},
                 {"description", description},
                 {"optimizer_properties", json::object()}};
    if (!inputs.empty())
      node["inputs"] = inputs;
    nodes.push_back(node);
  }
  return {{"plan", {{"jid", job.id}, {"name", job.name}, {"type", "STREAMING"}, {"nodes", nodes}}}};
}

} // namespace weir::rest
