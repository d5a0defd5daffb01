#include "weir/checkpoint_config.hpp"

namespace weir {

const char* to_string(checkpointing_mode mode) noexcept {
  return mode == checkpointing_mode::exactly_once ? "exactly_once" : "at_least_once";
}

std::optional<error> checkpoint_config::validate() const { return std::nullopt; }

} // namespace weir
