#include "checkpoint/checkpoint_inspection.hpp"

#include <system_error>

#include "checkpoint/part_inspection.hpp"

namespace weir::checkpoint_tool {

namespace fs = std::filesystem;

const char* to_string(part_kind kind) noexcept {
  switch (kind) {
    case part_kind::keyed: return "keyed";
    case part_kind::operator_state: return "operator_state";
    case part_kind::extras: return "extras";
  }
  return "unknown";
}

std::vector<std::string> checkpoint_inspection::problems() const {
  std::vector<std::string> out;
  for (const auto& op : operators)
    for (const auto& s : op.subtasks)
      for (const auto& p : s.parts)
        if (p.problem)
          out.push_back(*p.problem);
  return out;
}

std::variant<checkpoint_inspection, error> inspect_checkpoint(const fs::path& path) {
  auto read = checkpoint::read_metadata(path);
  if (auto* e = std::get_if<error>(&read))
    return std::move(*e);
  checkpoint_inspection out;
  out.meta = std::move(std::get<checkpoint::checkpoint_metadata>(read));
  out.manifest = checkpoint::metadata_path(path);
  out.directory = out.manifest.parent_path();
  if (out.directory.empty())
    out.directory = ".";

  for (const auto& op : out.meta.operators) {
    operator_summary o{op.id, op.name, op.parallelism, op.max_parallelism, {}};
    for (const auto& s : op.subtasks) {
      subtask_summary sub{s, {}};
      const std::pair<part_kind, const std::string*> parts[] = {
        {part_kind::keyed, &s.keyed},
        {part_kind::operator_state, &s.operator_state},
        {part_kind::extras, &s.extras}};
      for (const auto& [kind, rel] : parts)
        if (!rel->empty())
          sub.parts.push_back(inspect_part(kind, out.directory, op, s));
      o.subtasks.push_back(std::move(sub));
    }
    out.operators.push_back(std::move(o));
  }

  // Counted on disk rather than from the manifest, so that it is what deleting the directory
  // frees; symlinks are not followed (a relocatable savepoint holds none of its own).
  std::error_code ec;
  for (fs::recursive_directory_iterator i{out.directory, ec}, end; !ec && i != end;
       i.increment(ec)) {
    std::error_code size_ec;
    if (i->is_regular_file(size_ec) && !i->is_symlink(size_ec)) {
      auto n = i->file_size(size_ec);
      if (!size_ec) {
        out.total_bytes += n;
        ++out.files;
      }
    }
  }
  return out;
}

} // namespace weir::checkpoint_tool
