#include "bench/recovery_command.hpp"

#include <ostream>
#include <variant>

#include "bench/arrival_timeline.hpp"
#include "bench/job_log_capture.hpp"
#include "bench/keyed_window_job.hpp"
#include "bench/keyed_window_settings.hpp"
#include "bench/report_line.hpp"
#include "bench/scratch_directory.hpp"

namespace weir::bench {

namespace {

constexpr const char* name = "weir-bench recovery";

double ms_between(std::int64_t from_ns, std::int64_t to_ns) {
  return from_ns == 0 || to_ns == 0 ? -1.0 : static_cast<double>(to_ns - from_ns) / 1e6;
}

} // namespace

int run_recovery_command(const recovery_options& o, std::ostream& out, std::ostream& err) {
  auto dir = scratch_directory::create(o.job.checkpoint_dir, "weir-bench-checkpoints-");
  if (auto* e = std::get_if<error>(&dir)) {
    err << name << ": --checkpoint-dir: " << e->message() << '\n';
    return 1;
  }
  const auto& scratch = std::get<scratch_directory>(dir);
  auto job = o.job;
  job.checkpoint_dir = scratch.path().string();
  auto fail_after = o.fail_after != 0
                      ? o.fail_after
                      : job.workload.events / static_cast<std::uint64_t>(job.parallelism) / 2;

  keyed_window_faults faults;
  faults.plan = std::make_shared<fault_plan>(0);
  faults.plan->fail_after_records("Window Average", 0, fail_after);
  faults.restart = restart_strategy::fixed_delay(1, o.restart_delay);
  faults.arrivals = std::make_shared<arrival_timeline>(job.parallelism);
  auto log = job_log_capture::attach();
  log->clear();

  auto run = run_keyed_window_weir(job, faults);
  if (run.failure) {
    err << name << ": the job failed: " << run.failure->to_string() << '\n';
    return 1;
  }
  const auto& arrivals = *faults.arrivals;
  if (run.restarts != 1 || arrivals.attempts() < 2) {
    err << name << ": expected one restart, saw " << run.restarts << " (and "
        << arrivals.attempts() << " sink attempts); is --fail-after below the records that "
        << "reach instance 0 of the window?\n";
    return 1;
  }
  auto failed_at = arrivals.last_arrival_of(0, 0);
  auto again = arrivals.of(1);
  auto noticed = log->first(" is FAILING: ", failed_at);
  auto down = log->first("; restarting in ", failed_at);
  auto redeployed = log->first("' restarted (attempt ", failed_at);

  report_line line;
  line.add("recovery_ms", ms_between(failed_at, again.first_arrival), "%.1f")
    .add("notice_to_first_result_ms", ms_between(noticed, again.first_arrival), "%.1f")
    .add("notice_ms", ms_between(failed_at, noticed), "%.1f")
    .add("teardown_ms", ms_between(noticed, down), "%.1f")
    .add("restart_ms", ms_between(down, redeployed), "%.1f")
    .add("open_ms", ms_between(redeployed, again.last_open), "%.1f")
    .add("first_result_ms", ms_between(again.last_open, again.first_arrival), "%.1f")
    .add("restarts", static_cast<std::uint64_t>(run.restarts))
    .add("restored", run.restored_checkpoint ? "yes" : "no")
    .add("checkpoints", run.completed_checkpoints)
    .add("fail_after", fail_after)
    .add("restart_delay_ms", static_cast<std::int64_t>(o.restart_delay.count()))
    .add("elapsed_s", run.elapsed_seconds(), "%.3f");
  add_keyed_window_settings(line, job, bench_mode::weir);
  out << line.str() << '\n';
  return 0;
}

} // namespace weir::bench
