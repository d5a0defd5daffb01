#pragma once

#include <stdexcept>
#include <string>

#include "weir/error.hpp"

namespace weir::flow {

/// A function of an operator failed: carries the job error, whose message names the operator
/// and subtask ("operator 'x' (subtask 1/2) failed: <what>") and whose code says the kind
/// (user_function_failed for what user code threw; invalid_plan, state_error, io_error ... for
/// a weir_exception). Thrown through the chain to the task, which fails the job with it.
class operator_failure : public std::runtime_error {
public:
  operator_failure(const std::string& operator_name, int subtask, int parallelism, errc code,
                   const std::string& what)
    : std::runtime_error(describe(operator_name, subtask, parallelism, what)),
      err_(code, std::runtime_error::what()) {}

  [[nodiscard]] const error& err() const noexcept { return err_; }

  /// "operator '<name>' (subtask i/N) failed: <what>", i counted from 1 as in Flink's logs.
  [[nodiscard]] static std::string describe(const std::string& operator_name, int subtask,
                                            int parallelism, const std::string& what) {
    return "operator '" + operator_name + "' (subtask " + std::to_string(subtask + 1) + "/"
           + std::to_string(parallelism) + ") failed: " + what;
  }

private:
  error err_;
};

} // namespace weir::flow
