#include "weir/flow/queryable_state_table.hpp"

#include <exception>

namespace weir::flow {

bool queryable_state_table::contains(std::string_view name, const void* owner) const noexcept {
  for (const auto& e : entries_)
    if (e.name == name && e.owner == owner)
      return true;
  return false;
}

std::optional<error> queryable_state_table::add(queryable_state_entry entry) {
  for (const auto& e : entries_) {
    if (e.name != entry.name)
      continue;
    if (e.owner == entry.owner)
      return std::nullopt;
    return error{errc::invalid_plan,
                 "queryable state name '" + entry.name + "' is registered twice: by state '"
                   + e.state_name + "' of operator '" + e.operator_name + "' and by state '"
                   + entry.state_name + "' of operator '" + entry.operator_name
                   + "'; give each queryable state its own name (set_queryable)"};
  }
  entries_.push_back(std::move(entry));
  if (on_register_)
    on_register_(entries_.back());
  return std::nullopt;
}

std::variant<std::string, error> queryable_state_table::query(std::string_view name,
                                                              key_group group,
                                                              std::string_view key,
                                                              std::string_view key_type,
                                                              std::string_view value_type) const {
  for (const auto& e : entries_) {
    if (e.name != name)
      continue;
    if (auto mismatch = check_query_types(name, e.types, key_type, value_type);
        !mismatch.empty())
      return error{errc::type_mismatch, std::move(mismatch)};
    if (!e.key_groups.contains(group))
      return error{errc::internal, "key group " + std::to_string(group.value)
                                     + " of queryable state '" + std::string{name}
                                     + "' is not owned by this task of '" + e.operator_name
                                     + "' (a routing bug)"};
    std::string out;
    try {
      if (!e.read(group, key, out))
        return error{errc::no_such_key, "queryable state '" + std::string{name}
                                          + "' has no value for this key"};
    } catch (const weir_exception& ex) {
      return error{errc::state_error, "reading queryable state '" + std::string{name}
                                        + "' failed: " + ex.err().to_string()};
    } catch (const std::exception& ex) {
      return error{errc::state_error,
                   "reading queryable state '" + std::string{name} + "' failed: " + ex.what()};
    }
    return out;
  }
  return error{errc::no_such_state, "no operator of this task registered queryable state '"
                                      + std::string{name} + "'"};
}

} // namespace weir::flow
