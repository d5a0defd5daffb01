#pragma once

#include <optional>
#include <string>
#include <utility>

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

private:
  std::string name_;
  std::optional<state_ttl_config> ttl_;
};

} // namespace weir::state
