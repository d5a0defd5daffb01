#include "weir/state/operator_state_repartitioner.hpp"

#include <algorithm>
#include <string>

namespace weir::state {

namespace {

std::string file_of(const operator_state_image& image) {
  return image.file.empty() ? std::string{"snapshot"} : "snapshot file " + image.file.string();
}

// The old instances must form subtasks 0..n-1 of one parallelism n: a missing or doubled
// instance would lose or duplicate elements of split state.
result<void> check_complete(const std::vector<operator_state_image>& old) {
  auto n = static_cast<int>(old.size());
  for (int i = 0; i < n; ++i) {
    const auto& image = old[static_cast<std::size_t>(i)];
    if (image.parallelism != n || image.subtask_index != i)
      return error{errc::invalid_configuration,
                   file_of(image) + " is of subtask " + std::to_string(image.subtask_index + 1)
                     + " of " + std::to_string(image.parallelism) + ", but " + std::to_string(n)
                     + " snapshots were given; restore from the snapshots of all instances of "
                       "one operator, each once"};
  }
  return {};
}

const operator_state_image::state* find(const operator_state_image& image,
                                        const std::string& name) {
  for (const auto& s : image.states)
    if (s.name == name)
      return &s;
  return nullptr;
}

} // namespace

result<operator_state_image>
operator_state_repartitioner::repartition(std::vector<operator_state_image> old, int index,
                                          int parallelism) {
  if (parallelism < 1 || index < 0 || index >= parallelism)
    return error{errc::invalid_configuration,
                 "cannot restore operator state into subtask " + std::to_string(index + 1) + " of "
                   + std::to_string(parallelism)
                   + "; the subtask index must be below the parallelism"};
  std::sort(old.begin(), old.end(),
            [](const auto& a, const auto& b) { return a.subtask_index < b.subtask_index; });
  if (auto ok = check_complete(old); !ok)
    return ok.err();
  operator_state_image out;
  out.subtask_index = index;
  out.parallelism = parallelism;
  auto old_parallelism = static_cast<int>(old.size());
  for (const auto& image : old) {
    for (const auto& s : image.states) {
      if (auto* seen = find(out, s.name)) {
        if (seen->mode != s.mode)
          return error{errc::incompatible_state,
                       file_of(image) + " records operator state '" + s.name + "' as "
                         + to_string(s.mode) + " state, an earlier snapshot as "
                         + to_string(seen->mode) + " state"};
        continue;
      }
      out.states.push_back({s.name, s.mode, {}});
    }
  }
  for (auto& target : out.states) {
    auto& entries = target.entries;
    if (target.mode == operator_state_mode::broadcast) {
      if (auto* s = find(old[static_cast<std::size_t>(index % old_parallelism)], target.name))
        entries = s->entries;
      continue;
    }
    if (target.mode == operator_state_mode::split_distribute && parallelism == old_parallelism) {
      if (auto* s = find(old[static_cast<std::size_t>(index)], target.name))
        entries = s->entries;
      continue;
    }
    std::vector<const operator_state_image::entry*> all;
    for (const auto& image : old)
      if (auto* s = find(image, target.name))
        for (const auto& e : s->entries)
          all.push_back(&e);
    std::size_t first = 0;
    std::size_t count = all.size();
    if (target.mode == operator_state_mode::split_distribute) {
      auto p = static_cast<std::size_t>(parallelism);
      auto i = static_cast<std::size_t>(index);
      auto base = all.size() / p;
      auto extra = all.size() % p;
      first = i * base + std::min(i, extra);
      count = base + (i < extra ? 1 : 0);
    }
    entries.reserve(count);
    for (std::size_t k = first; k < first + count; ++k)
      entries.push_back(*all[k]);
  }
  return out;
}

} // namespace weir::state
