#pragma once

#include <optional>
#include <string>
#include <utility>

#include "weir/error.hpp"
#include "weir/state/state_ttl_config.hpp"

namespace weir::state {

/// Names a keyed state and its options (Flink's StateDescriptor). The name identifies the
/// state within an operator, in snapshots too; declaring it again returns the same state, and
/// declaring it with another kind or type is an error.
class state_descriptor {
public:
  explicit state_descriptor(std::string name) : name_(std::move(name)) {}

  [[nodiscard]] const std::string& name() const noexcept { return name_; }

  /// Gives entries a time to live (see state_ttl_config).
  void enable_time_to_live(state_ttl_config config) { ttl_ = config; }
  [[nodiscard]] const std::optional<state_ttl_config>& ttl() const noexcept { return ttl_; }

  /// Makes the state readable from outside the job under `queryable_name` (Flink's
  /// setQueryable): a queryable_state_client's get<K, V>(queryable_name, key) returns the
  /// value of a key while the job runs (docs/queryable_state.md). The name must be unique in
  /// the job; two operators registering one name fail the job when the second declares it.
  /// An empty name is an error (weir_exception, invalid_configuration).
  void set_queryable(std::string queryable_name) {
    if (queryable_name.empty())
      throw weir_exception(weir::error{weir::errc::invalid_configuration,
                                       "set_queryable on state '" + name_
                                         + "': the queryable name is empty; pass a name"});
    queryable_ = std::move(queryable_name);
  }
  /// The queryable name; empty if the state is not queryable.
  [[nodiscard]] const std::string& queryable_name() const noexcept { return queryable_; }
  [[nodiscard]] bool is_queryable() const noexcept { return !queryable_.empty(); }

private:
  std::string name_;
  std::string queryable_;
  std::optional<state_ttl_config> ttl_;
};

} // namespace weir::state
