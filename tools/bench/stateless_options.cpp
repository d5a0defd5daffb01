#include "bench/stateless_options.hpp"

#include "bench/job_settings_check.hpp"

namespace weir::bench {

std::optional<std::string> stateless_options::validate() const {
  if (auto problem =
        check_job_settings(workload, parallelism, batch_size, buffer_timeout, credits, rate))
    return problem;
  if (slow_sink.count() < 0)
    return "--slow-sink-us must be 0 or more";
  if (processes < 1 || processes > 64)
    return "--processes must be between 1 and 64";
  if (processes > 1 && parallelism < processes)
    return "--processes " + std::to_string(processes) + " needs --parallelism "
           + std::to_string(processes) + " or more (a process without a subtask does nothing)";
  if (processes > 1 && rate > 0)
    return "--rate cannot be combined with --processes: the latency histograms stay in each "
           "process; measure latency with --processes 1";
  if (cross_all) {
    if (rebalance)
      return "--cross-all replaces --rebalance: give one of them";
    if (rate > 0)
      return "--cross-all needs the strided source, which --rate replaces: drop --rate";
    if (parallelism < 2)
      return "--cross-all needs --parallelism 2 or more (instance s sends to s + 1)";
    if (workload.keys % static_cast<std::uint64_t>(parallelism) != 0)
      return "--cross-all needs --keys to be a multiple of --parallelism (key % P is the "
             "instance that emitted the record); e.g. --keys "
             + std::to_string(workload.keys - workload.keys % static_cast<std::uint64_t>(parallelism)
                              + static_cast<std::uint64_t>(parallelism));
  }
  return std::nullopt;
}

} // namespace weir::bench
