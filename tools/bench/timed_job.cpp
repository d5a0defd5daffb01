#include "bench/timed_job.hpp"

#include <chrono>

#include "weir/weir.hpp"

namespace weir::bench {

stateless_run execute_timed(environment& env, std::string job_name,
                            const result_accumulator& accumulator, int parallelism) {
  auto start = std::chrono::steady_clock::now();
  auto result = env.execute(std::move(job_name));
  stateless_run run;
  run.elapsed = std::chrono::steady_clock::now() - start;
  run.completed_checkpoints = result.completed_checkpoints();
  run.restarts = result.restarts().size();
  run.restored_checkpoint =
    !result.restarts().empty() && result.restarts().back().restored_checkpoint.has_value();
  if (!result) {
    run.failure = result.err();
    return run;
  }
  if (accumulator.instances() != parallelism) {
    run.failure = error{errc::internal, std::to_string(accumulator.instances()) + " of "
                                          + std::to_string(parallelism)
                                          + " sink instances reported their totals"};
    return run;
  }
  run.totals = accumulator.totals();
  return run;
}

} // namespace weir::bench
