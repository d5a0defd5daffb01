#include "checkpoint/text_report.hpp"

#include <sstream>

#include "checkpoint/report_format.hpp"

namespace weir::checkpoint_tool {

namespace {

std::string plural(std::uint64_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

void write_state(std::ostream& out, const state_summary& s, bool keyed) {
  out << "      " << s.name << ": ";
  if (keyed)
    out << s.kind << " state of " << (s.type.empty() ? "?" : s.type)
        << (s.ttl ? " with TTL" : " without TTL");
  else
    out << s.kind;
  out << ", " << plural(s.entries, "entry", "entries") << ", " << plural(s.bytes, "byte", "bytes")
      << '\n';
}

void write_part(std::ostream& out, const part_summary& p) {
  out << "    " << to_string(p.kind) << ' ' << p.path << ": " << p.file.filename().string() << ' '
      << human_bytes(p.file_bytes);
  if (p.key_groups)
    out << ", key groups " << p.key_groups->first << ".." << p.key_groups->last;
  if (p.states.empty() && !p.problem)
    out << ", no states";
  out << '\n';
  for (const auto& s : p.states)
    write_state(out, s, p.kind != part_kind::operator_state);
  if (p.problem)
    out << "      PROBLEM: " << *p.problem << '\n';
}

} // namespace

std::string text_report(const checkpoint_inspection& in) {
  const auto& m = in.meta;
  std::ostringstream out;
  out << (m.savepoint ? "savepoint " : "checkpoint ") << in.directory.string() << '\n'
      << "  job:        " << (m.job_name.empty() ? "(unnamed)" : m.job_name) << " (id "
      << (m.job_id.empty() ? "?" : m.job_id) << ")\n"
      << "  checkpoint: " << m.id.value() << (m.savepoint ? " (savepoint)" : " (checkpoint)")
      << '\n'
      << "  time:       " << utc_time(m.timestamp_ms) << " (" << m.timestamp_ms << " ms)\n"
      << "  size:       " << human_bytes(in.total_bytes) << " in "
      << plural(in.files, "file", "files") << " (" << in.total_bytes << " bytes; the manifest "
      << "counts " << m.total_bytes() << " bytes of state)\n"
      << "  operators:  " << m.operators.size() << '\n';
  for (const auto& op : in.operators) {
    out << "\noperator " << op.id << " \"" << op.name << "\": parallelism " << op.parallelism
        << ", max parallelism " << op.max_parallelism << '\n';
    if (op.subtasks.empty())
      out << "  no subtask has state\n";
    for (const auto& s : op.subtasks) {
      const auto& st = s.manifest;
      out << "  subtask " << st.subtask << ": ";
      if (!st.keyed.empty() || !st.extras.empty())
        out << "key groups " << st.key_groups.first << ".." << st.key_groups.last;
      else
        out << "no keyed state";
      out << ", " << plural(st.bytes, "byte", "bytes") << '\n';
      for (const auto& p : s.parts)
        write_part(out, p);
    }
  }
  auto problems = in.problems();
  if (!problems.empty())
    out << '\n' << plural(problems.size(), "part is", "parts are")
        << " damaged or do not match the manifest (see PROBLEM above): restoring from this "
           "checkpoint would fail\n";
  return out.str();
}

} // namespace weir::checkpoint_tool
