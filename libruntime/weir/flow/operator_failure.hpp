#pragma once

#include <stdexcept>
#include <string>

namespace weir::flow {

/// A user function threw: carries the operator's name and subtask so that the job's error
/// says where. Thrown through the chain to the task, which fails the job with it.
class operator_failure : public std::runtime_error {
public:
  operator_failure(const std::string& operator_name, int subtask, int parallelism,
                   const std::string& what)
    : std::runtime_error("operator '" + operator_name + "' (subtask "
                         + std::to_string(subtask + 1) + "/" + std::to_string(parallelism)
                         + ") failed: " + what) {}
};

} // namespace weir::flow
