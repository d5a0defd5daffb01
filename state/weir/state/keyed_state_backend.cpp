#include "weir/state/keyed_state_backend.hpp"

namespace weir::state {

keyed_state_backend::keyed_state_backend(backend_kind kind,
                                         const keyed_state_backend_config& config)
  : key_context(config), kind_(kind) {}

keyed_state_backend::~keyed_state_backend() = default;

result<internal_state*> keyed_state_backend::find(const state_meta& meta, std::type_index type,
                                                  const std::optional<state_ttl_config>& ttl) {
  for (auto& s : states_) {
    if (s.meta.name != meta.name)
      continue;
    if (s.type != type)
      return error{errc::incompatible_state,
                   "state '" + meta.name + "' is already declared as a "
                     + to_string(s.meta.kind) + " state of another type; it is now declared as a "
                     + to_string(meta.kind)
                     + " state: give each state its own name or declare it identically"};
    return s.impl.get();
  }
  if (ttl && ttl->ttl.count() <= 0)
    return error{errc::invalid_configuration,
                 "state '" + meta.name + "' has a time to live of " + std::to_string(ttl->ttl.count())
                   + " ms; it must be positive"};
  return static_cast<internal_state*>(nullptr);
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
