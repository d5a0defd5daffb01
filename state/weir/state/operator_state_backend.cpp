#include "weir/state/operator_state_backend.hpp"

#include <algorithm>

#include "weir/state/operator_state_repartitioner.hpp"

namespace weir::state {

result<internal_operator_state*> operator_state_backend::find(const std::string& name,
                                                              operator_state_mode mode,
                                                              std::type_index type,
                                                              const std::string& type_name,
                                                              bool has_ttl) {
  for (auto& s : states_) {
    if (s.name != name)
      continue;
    if (s.mode != mode || s.type != type)
      return error{errc::incompatible_state,
                   "operator state '" + name + "' is already declared as a " + to_string(s.mode)
                     + " state of " + *s.type_name + "; it is now declared as a "
                     + to_string(mode) + " state of " + type_name
                     + ": give each state its own name or declare it identically"};
    return s.impl.get();
  }
  if (has_ttl)
    return error{errc::invalid_configuration,
                 "operator state '" + name
                   + "' has a time to live, but TTL applies only to keyed state (as in Flink); "
                     "remove enable_time_to_live from its descriptor"};
  return static_cast<internal_operator_state*>(nullptr);
}

result<void> operator_state_backend::add(const std::string& name, operator_state_mode mode,
                                         std::type_index type, const std::string& type_name,
                                         std::unique_ptr<internal_operator_state> impl) {
  auto restored =
    std::find_if(pending_.begin(), pending_.end(), [&](const auto& p) { return p.name == name; });
  if (restored != pending_.end()) {
    if (restored->mode != mode)
      return error{errc::incompatible_state,
                   "operator state '" + name + "' was restored as a " + to_string(restored->mode)
                     + " state but is now declared as a " + to_string(mode)
                     + " state; its redistribution mode cannot change across a restore"};
    if (auto loaded = impl->load(restored->entries); !loaded)
      return loaded;
    pending_.erase(restored);
  }
  states_.push_back(registered_state{name, mode, type, &type_name, std::move(impl)});
  return {};
}

std::vector<std::string> operator_state_backend::state_names() const {
  std::vector<std::string> out;
  for (const auto& s : states_)
    out.push_back(s.name);
  for (const auto& p : pending_)
    out.push_back(p.name);
  return out;
}

operator_snapshot_job operator_state_backend::snapshot_sync(std::filesystem::path directory) const {
  operator_state_image image;
  image.subtask_index = index_;
  image.parallelism = parallelism_;
  for (const auto& s : states_) {
    image.states.push_back({s.name, s.mode, {}});
    s.impl->encode(image.states.back().entries);
  }
  for (const auto& p : pending_)
    image.states.push_back(p);
  return operator_snapshot_job{std::move(directory), std::move(image)};
}

result<void>
operator_state_backend::restore(const std::vector<std::filesystem::path>& directories) {
  if (!states_.empty() || !pending_.empty())
    return error{errc::invalid_configuration,
                 "operator state can only be restored into a fresh backend, before any state "
                 "is declared"};
  std::vector<operator_state_image> old;
  for (const auto& dir : directories) {
    auto image = operator_snapshot_file::read(dir);
    if (!image)
      return image.err();
    old.push_back(std::move(*image));
  }
  auto mine = operator_state_repartitioner::repartition(std::move(old), index_, parallelism_);
  if (!mine)
    return mine.err();
  pending_ = std::move(mine->states);
  return {};
}

} // namespace weir::state
