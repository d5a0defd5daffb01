#pragma once

#include <string>

#include "bench/result_accumulator.hpp"
#include "bench/stateless_run.hpp"

namespace weir {
class environment;
} // namespace weir

namespace weir::bench {

/// Runs the job built in `env` (named `job_name`), timing execute() from its call to its
/// return, and takes the totals that the `parallelism` sink instances added to `accumulator`.
/// The run's failure is set if the job failed or not every sink instance reported.
[[nodiscard]] stateless_run execute_timed(environment& env, std::string job_name,
                                          const result_accumulator& accumulator,
                                          int parallelism);

} // namespace weir::bench
