#pragma once

#include <string>

#include "weir/error.hpp"
#include "weir/state/error.hpp"

namespace weir::state {

/// The kind of job failure a state error is (weir::errc): what the plan could have known (one
/// state name declared with two types, a non-positive TTL) is `invalid_plan`; files and
/// directories are `io_error`; backends, snapshots and stored bytes are `state_error`.
[[nodiscard]] weir::errc job_errc(errc code) noexcept;

/// A job error of kind job_errc(err.code()) with `prefix` followed by err's message, for a
/// state error raised inside a running operator (whose failure adds the operator's name).
[[nodiscard]] weir::error to_job_error(const error& err, const std::string& prefix = {});

} // namespace weir::state
