#pragma once

#include <stdexcept>

#include "weir/state/error.hpp"

namespace weir::state {

/// Thrown by state handles (value(), update(), add() ...), which are called from inside user
/// functions where a return code would be dropped: the operator catches it like any exception
/// of a user function and fails the task with the carried error. Backend-level calls
/// (creating, get_state, snapshot, restore) return errors as values instead.
class state_exception : public std::runtime_error {
public:
  explicit state_exception(error err)
    : std::runtime_error(err.to_string()), err_(std::move(err)) {}
  [[nodiscard]] const error& err() const noexcept { return err_; }

private:
  error err_;
};

} // namespace weir::state
