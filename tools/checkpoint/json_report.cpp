#include "checkpoint/json_report.hpp"

#include <nlohmann/json.hpp>

#include "checkpoint/report_format.hpp"

// Layout (keys in this order):
//
//   { "directory", "manifest", "job_id", "job_name", "checkpoint_id", "savepoint",
//     "timestamp_ms", "time" (UTC ISO 8601), "total_bytes", "files", "state_bytes" (the
//     manifest's sum of subtask bytes),
//     "operators": [ { "id", "name", "parallelism", "max_parallelism",
//       "subtasks": [ { "index", "key_groups": {"first", "last"}, "bytes",
//         "parts": [ { "part" ("keyed" | "operator_state" | "extras"), "path", "file",
//           "file_bytes", ["key_groups": {"first", "last"}, "max_parallelism"],
//           "states": [ { "name", "kind", ["type", "ttl"], "entries", "bytes" } ],
//           ["problem"] } ] } ] } ],
//     "problems": [ "<message naming the file>" ] }
//
// Fields in brackets appear only where they apply: key groups and stored types exist for
// keyed and extras parts, a problem only for a damaged part.

namespace weir::checkpoint_tool {

namespace {

using json = nlohmann::ordered_json;

json range(flow::key_group_range r) {
  return {{"first", r.first}, {"last", r.last}};
}

json part(const part_summary& p) {
  json states = json::array();
  for (const auto& s : p.states) {
    json j{{"name", s.name}, {"kind", s.kind}};
    if (p.kind != part_kind::operator_state) {
      j["type"] = s.type;
      j["ttl"] = s.ttl;
    }
    j["entries"] = s.entries;
    j["bytes"] = s.bytes;
    states.push_back(std::move(j));
  }
  json j{{"part", to_string(p.kind)},
         {"path", p.path},
         {"file", p.file.string()},
         {"file_bytes", p.file_bytes}};
  if (p.key_groups)
    j["key_groups"] = range(*p.key_groups);
  if (p.max_parallelism)
    j["max_parallelism"] = *p.max_parallelism;
  j["states"] = std::move(states);
  if (p.problem)
    j["problem"] = *p.problem;
  return j;
}

} // namespace

std::string json_report(const checkpoint_inspection& in) {
  const auto& m = in.meta;
  json ops = json::array();
  for (const auto& op : in.operators) {
    json subs = json::array();
    for (const auto& s : op.subtasks) {
      json parts = json::array();
      for (const auto& p : s.parts)
        parts.push_back(part(p));
      subs.push_back({{"index", s.manifest.subtask},
                      {"key_groups", range(s.manifest.key_groups)},
                      {"bytes", s.manifest.bytes},
                      {"parts", std::move(parts)}});
    }
    ops.push_back({{"id", op.id},
                   {"name", op.name},
                   {"parallelism", op.parallelism},
                   {"max_parallelism", op.max_parallelism},
                   {"subtasks", std::move(subs)}});
  }
  json doc{{"directory", in.directory.string()},
           {"manifest", in.manifest.string()},
           {"job_id", m.job_id},
           {"job_name", m.job_name},
           {"checkpoint_id", m.id.value()},
           {"savepoint", m.savepoint},
           {"timestamp_ms", m.timestamp_ms},
           {"time", utc_time(m.timestamp_ms)},
           {"total_bytes", in.total_bytes},
           {"files", in.files},
           {"state_bytes", m.total_bytes()},
           {"operators", std::move(ops)},
           {"problems", in.problems()}};
  // Replace, not throw, on bytes that are not UTF-8: a report must come out whatever the
  // names hold (read_metadata accepted them from a parsed JSON file, so this is for paths).
  return doc.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

} // namespace weir::checkpoint_tool
