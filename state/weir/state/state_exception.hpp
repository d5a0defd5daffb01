#pragma once

#include "weir/error.hpp"
#include "weir/state/error.hpp"

namespace weir::state {

/// Thrown by state handles (value(), update(), add() ...), which are called from inside user
/// functions where a return code would be dropped: the operator catches it and fails the task
/// with a job error of kind `errc::state_error` carrying this message. Backend-level calls
/// (creating, get_state, snapshot, restore) return errors as values instead.
class state_exception : public weir_exception {
public:
  explicit state_exception(error err)
    : weir_exception(weir::error{weir::errc::state_error, err.to_string()}),
      err_(std::move(err)) {}
  /// The state domain's error (its own code: rocksdb_error, decode_failed, ...).
  [[nodiscard]] const error& state_err() const noexcept { return err_; }

private:
  error err_;
};

} // namespace weir::state
