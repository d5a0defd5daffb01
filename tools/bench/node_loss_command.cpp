#include "bench/node_loss_command.hpp"

#include <ostream>
#include <thread>
#include <variant>

#include "bench/arrival_timeline.hpp"
#include "bench/cluster_job_run.hpp"
#include "bench/job_log_capture.hpp"
#include "bench/local_cluster.hpp"
#include "bench/peak_rss.hpp"
#include "bench/report_line.hpp"
#include "bench/scratch_directory.hpp"
#include "bench/stateless_job.hpp"
#include "bench/stateless_settings.hpp"
#include "bench/wall_clock.hpp"
#include "weir/weir.hpp"

namespace weir::bench {

namespace {

constexpr const char* name = "weir-bench node-loss";
constexpr const char* job_name = "weir-bench node-loss";

/// The job of every process: the stateless job, checkpointed, restarting at once.
void add_job(environment& env, const node_loss_options& o, result_accumulator& accumulator,
             std::shared_ptr<arrival_timeline> arrivals, const std::string& checkpoint_dir) {
  add_stateless_job(env, o.job, accumulator, std::move(arrivals));
  env.enable_checkpointing(o.checkpoint_interval, checkpointing_mode::exactly_once);
  env.checkpoint_config().directory = checkpoint_dir;
  env.set_restart_strategy(restart_strategy::fixed_delay(3, std::chrono::milliseconds{0}));
}

double ms_between(std::int64_t from_ns, std::int64_t to_ns) {
  return from_ns == 0 || to_ns == 0 ? -1.0 : static_cast<double>(to_ns - from_ns) / 1e6;
}

/// The pid in a resource manager's "worker 1 (ENDPOINT) (HOST pid N) registered" line; 0 if
/// none.
pid_t registered_pid(const job_log_capture& log, int worker) {
  auto e = log.find("worker " + std::to_string(worker) + " (");
  for (; e.steady_ns != 0; e = log.find("worker " + std::to_string(worker) + " (", e.steady_ns)) {
    if (e.text.find(" registered with ") == std::string::npos)
      continue;
    auto at = e.text.find(" pid ");
    if (at == std::string::npos)
      return 0;
    return static_cast<pid_t>(std::strtol(e.text.c_str() + at + 5, nullptr, 10));
  }
  return 0;
}

/// What happened while the job ran, on the steady clock.
struct loss_record {
  std::int64_t kill_ns = 0;
  pid_t killed = 0;
  std::string problem; ///< set when the loss could not be staged
};

/// Waits for the job to process records and complete a checkpoint, then `kill_after`, then
/// kills (or freezes) the worker holding subtask 1.
void stage_loss(local_cluster& cluster, const node_loss_options& o, const job_log_capture& log,
                const arrival_timeline& arrivals, loss_record& rec) {
  using namespace std::chrono;
  auto give_up = steady_clock::now() + seconds{120};
  auto ended = [&] { return log.first("' finished in ") != 0 || log.first("' FAILED") != 0; };
  while (arrivals.of(0).first_arrival == 0 || log.first(" complete (") == 0) {
    if (ended() || steady_clock::now() > give_up) {
      rec.problem = "the job ended (or did not start within 120 s) before it had records and a "
                    "completed checkpoint; raise --events";
      return;
    }
    std::this_thread::sleep_for(milliseconds{2});
  }
  auto at = nanoseconds{arrivals.of(0).first_arrival} + o.kill_after;
  while (nanoseconds{steady_now_ns()} < at) {
    if (ended()) {
      rec.problem = "the job ended before the kill; raise --events or lower --kill-after-ms";
      return;
    }
    std::this_thread::sleep_for(milliseconds{1});
  }
  auto pid = registered_pid(log, 1);
  worker_process* victim = nullptr;
  for (auto& w : cluster.workers())
    if (w.pid() == pid)
      victim = &w;
  if (victim == nullptr) {
    rec.problem = "could not tell which process is worker 1 (pid " + std::to_string(pid)
                  + " from the cluster log)";
    return;
  }
  rec.killed = pid;
  rec.kill_ns = steady_now_ns();
  if (!o.freeze) {
    victim->kill();
    return;
  }
  victim->freeze();
  // A frozen worker never exits: once the job left it behind, kill it for good.
  while (log.first("' restarted (attempt ", rec.kill_ns) == 0 && !ended()
         && steady_clock::now() < give_up + o.heartbeat_timeout)
    std::this_thread::sleep_for(milliseconds{5});
  victim->kill();
}

} // namespace

int run_node_loss_worker(const node_loss_options& o, std::ostream& out, std::ostream& err) {
  result_accumulator accumulator;
  environment env; // --weir-role worker ...
  // The directory is the coordinator's: the job master sends it with every task.
  add_job(env, o, accumulator, nullptr, o.checkpoint_dir);
  auto result = env.execute(job_name);
  worker_report r;
  r.job_ok = static_cast<bool>(result);
  r.results = accumulator.totals().results;
  r.checksum_units = accumulator.totals().checksum_units;
  r.sink_instances = static_cast<std::uint64_t>(accumulator.instances());
  r.peak_rss_mb = peak_rss_mb().value_or(-1.0);
  out << r.line() << std::endl;
  if (!result) {
    err << name << " (worker): the job failed: " << result.err().to_string() << '\n';
    return 1;
  }
  return 0;
}

int run_node_loss_command(const node_loss_options& o, std::vector<std::string> program_args,
                          std::ostream& out, std::ostream& err) {
  auto dir = scratch_directory::create(o.checkpoint_dir, "weir-bench-checkpoints-");
  if (auto* e = std::get_if<error>(&dir)) {
    err << name << ": --checkpoint-dir: " << e->message() << '\n';
    return 1;
  }
  const auto& scratch = std::get<scratch_directory>(dir);

  local_cluster_options lo;
  lo.processes = o.job.processes;
  lo.slots_per_process = 1;
  lo.program_args = std::move(program_args);
  lo.heartbeat_interval = o.heartbeat_interval;
  lo.heartbeat_timeout = o.heartbeat_timeout;
  auto prepared = local_cluster::prepare(std::move(lo));
  if (auto* e = std::get_if<error>(&prepared)) {
    err << name << ": " << e->message() << '\n';
    return 1;
  }
  auto& cluster = std::get<local_cluster>(prepared);

  auto log = job_log_capture::attach();
  log->clear();
  // One sink instance runs here per attempt: the k-th open is attempt k.
  auto arrivals = std::make_shared<arrival_timeline>(1);
  result_accumulator accumulator;
  environment env{configuration{}};
  add_job(env, o, accumulator, arrivals, scratch.path().string());
  loss_record rec;
  auto run = run_on_local_cluster(env, job_name, cluster,
                                  [&](local_cluster& c, job_client&) {
                                    stage_loss(c, o, *log, *arrivals, rec);
                                  });
  for (const auto& p : run.problems)
    if (rec.killed == 0 || p.find("pid " + std::to_string(rec.killed) + ")") == std::string::npos)
      err << name << ": " << p << '\n';
  if (!rec.problem.empty()) {
    err << name << ": " << rec.problem << '\n';
    return 1;
  }
  if (!run.result) {
    err << name << ": the job failed: " << run.result.err().to_string() << '\n';
    return 1;
  }
  if (run.result.restarts().empty() || arrivals->attempts() < 2) {
    err << name << ": expected a restart after the kill, saw " << run.result.restarts().size()
        << " (and " << arrivals->attempts() << " attempts of the coordinator's sink)\n";
    return 1;
  }
  const auto k = rec.kill_ns;
  auto lost = log->first("lost worker 1 ", k);
  auto failing = log->first(" is FAILING: ", k);
  auto restarted = log->first("' restarted (attempt ", k);
  auto deployed = log->first("on the cluster (attempt 2)", k);
  auto before = arrivals->of(0);
  auto again = arrivals->of(1);
  const auto& last_restart = run.result.restarts().back();

  report_line line;
  line.add("resume_ms", ms_between(k, again.first_arrival), "%.1f")
    .add("lost_ms", ms_between(k, lost), "%.1f")
    .add("failing_ms", ms_between(k, failing), "%.1f")
    .add("restart_ms", ms_between(failing, restarted), "%.1f")
    .add("deploy_ms", ms_between(restarted, deployed), "%.1f")
    .add("first_record_ms", ms_between(deployed, again.first_arrival), "%.1f")
    .add("stall_ms", ms_between(before.last_arrival, again.first_arrival), "%.1f")
    .add("signal", o.freeze ? "SIGSTOP" : "SIGKILL")
    .add("restarts", static_cast<std::uint64_t>(run.result.restarts().size()))
    .add("restored", last_restart.restored_checkpoint ? "yes" : "no")
    .add("checkpoints", run.result.completed_checkpoints())
    .add("elapsed_s", std::chrono::duration<double>(run.elapsed).count(), "%.3f")
    .add("kill_after_ms", static_cast<std::int64_t>(o.kill_after.count()))
    .add("checkpoint_interval_ms", static_cast<std::int64_t>(o.checkpoint_interval.count()))
    .add("heartbeat_interval_ms", static_cast<std::int64_t>(o.heartbeat_interval.count()))
    .add("heartbeat_timeout_ms", static_cast<std::int64_t>(o.heartbeat_timeout.count()));
  add_stateless_settings(line, o.job, bench_mode::weir);
  out << line.str() << '\n';
  err << name << ": restarted after: " << last_restart.cause.message() << '\n';
  return 0;
}

} // namespace weir::bench
