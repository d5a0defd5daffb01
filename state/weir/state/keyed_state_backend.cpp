#include "weir/state/keyed_state_backend.hpp"

#include <algorithm>

namespace weir::state {

keyed_state_backend::keyed_state_backend(backend_kind kind,
                                         const keyed_state_backend_config& config)
  : key_context(config), kind_(kind) {}

keyed_state_backend::~keyed_state_backend() = default;

keyed_state_backend::registered_state* keyed_state_backend::find(const std::string& name) {
  for (auto& s : states_)
    if (s.meta.name == name)
      return &s;
  return nullptr;
}

error keyed_state_backend::redeclared(const state_meta& existing, const state_meta& now) {
  return error{errc::incompatible_state,
               "state '" + now.name + "' is already declared as " + describe(existing)
                 + "; it is now declared as " + describe(now)
                 + ": give each state its own name or declare it identically"};
}

error keyed_state_backend::restored_mismatch(const state_meta& declared, const state_meta& restored,
                                             const std::filesystem::path& file) {
  return error{errc::incompatible_snapshot,
               "state '" + declared.name + "' is declared as " + describe(declared)
                 + ", but snapshot file " + file.string() + " holds it as " + describe(restored)
                 + "; declare it as it was written, or give the new state another name"};
}

result<void> keyed_state_backend::check_ttl(const std::string& name,
                                            const std::optional<state_ttl_config>& ttl) {
  if (ttl && ttl->ttl.count() <= 0)
    return error{errc::invalid_configuration,
                 "state '" + name + "' has a time to live of " + std::to_string(ttl->ttl.count())
                   + " ms; it must be positive"};
  return {};
}

result<void> keyed_state_backend::add(state_meta meta, std::type_index type,
                                      std::unique_ptr<internal_state> impl) {
  states_.push_back(registered_state{std::move(meta), type, std::move(impl)});
  auto r = on_register(states_.back());
  if (!r)
    states_.pop_back();
  return r;
}

std::vector<state_meta> keyed_state_backend::states() const {
  std::vector<state_meta> out;
  for (const auto& s : states_)
    out.push_back(s.meta);
  return out;
}

std::size_t keyed_state_backend::cleanup_expired(std::size_t max_entries) {
  if (states_.empty() || key_groups().size() == 0)
    return 0;
  // Nothing expires without TTL: no clock read and no walk over the key groups.
  if (std::none_of(states_.begin(), states_.end(),
                   [](const registered_state& s) { return s.meta.ttl; }))
    return 0;
  auto now = now_ms();
  std::size_t checked = 0;
  std::size_t removed = 0;
  std::size_t total = states_.size() * key_groups().size();
  for (std::size_t visited = 0; visited < total && checked < max_entries; ++visited) {
    if (cleanup_state_ >= states_.size())
      cleanup_state_ = 0;
    auto group = flow::key_group{key_groups().first + cleanup_group_};
    removed += states_[cleanup_state_].impl->cleanup_expired(group, now, checked);
    if (++cleanup_group_ == key_groups().size()) {
      cleanup_group_ = 0;
      ++cleanup_state_;
    }
  }
  return removed;
}

} // namespace weir::state
