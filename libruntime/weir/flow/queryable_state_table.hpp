#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "weir/error.hpp"
#include "weir/flow/key_group.hpp"
#include "weir/flow/state_query.hpp"

namespace weir::flow {

/// One queryable keyed state of an operator instance, as its task answers queries for it.
struct queryable_state_entry {
  std::string name;          ///< the queryable name (state_descriptor::set_queryable)
  std::string state_name;    ///< the state's own name within its operator
  std::string operator_name; ///< for messages
  const void* owner = nullptr; ///< the operator instance's keyed state (one per operator)
  queryable_state_types types;
  int max_parallelism = 128;
  int parallelism = 1;
  key_group_range key_groups{};
  /// Appends the encoding of `key`'s value in `group` to `out`, reading it as the user
  /// function would (TTL applies); false if the key has no value. Restores the backend's
  /// current key before it returns. May throw (a state backend's failure).
  std::function<bool(key_group group, std::string_view key, std::string& out)> read;
};

/// The queryable states of one task (Flink's KvStateRegistry, per task): the state layer adds
/// an entry when a function declares a state whose descriptor is queryable, and the task
/// actor answers queries from it between batches, so that a query never races the updates.
/// Owned by flow::task; touched only on the task's thread.
class queryable_state_table {
public:
  /// Called once for every new entry (the task actor tells the job master where it is).
  void on_register(std::function<void(const queryable_state_entry&)> f) {
    on_register_ = std::move(f);
  }

  /// True if `owner` already registered `name` (a state declared again).
  [[nodiscard]] bool contains(std::string_view name, const void* owner) const noexcept;

  /// Adds `entry`; the same name from another operator of the task is an invalid_plan error
  /// that names both operators.
  [[nodiscard]] std::optional<error> add(queryable_state_entry entry);

  /// The encoded value of `key` (encoded) in `group` of queryable state `name`, or
  /// no_such_state, type_mismatch, no_such_key, or state_error if the backend failed.
  [[nodiscard]] std::variant<std::string, error> query(std::string_view name, key_group group,
                                                       std::string_view key,
                                                       std::string_view key_type,
                                                       std::string_view value_type) const;

  [[nodiscard]] const std::vector<queryable_state_entry>& entries() const noexcept {
    return entries_;
  }

private:
  std::vector<queryable_state_entry> entries_;
  std::function<void(const queryable_state_entry&)> on_register_;
};

} // namespace weir::flow
