// The cluster as users run it: real coordinator and worker processes of one program on
// loopback, started by the test, their stdout and stderr in files of a temp dir.
//
//   coordinator  --weir-role coordinator --weir-port P --weir-workers N ──► --output
//      ▲                                  ▲
//      │ register: token, wire            │ collect() results, checkpoint acks
//      │ version, plan fingerprint        │
//   worker 1 ◄──────── channels ───────► worker 2   --weir-role worker
//                                                   --weir-join 127.0.0.1:P --weir-slots S
//
//   the same flags without --weir-* (embedded) ──► --output, byte for byte the cluster's
//
// The oracle is the embedded run: whatever the cluster does (workers that join late or before
// the coordinator, a worker killed with SIGKILL mid-job), the coordinator's --output equals it.
// The refusals (token, plan, flags, a missing worker, a lost coordinator) are checked by what
// each process says and how it exits. Every wait has a deadline; a process still running at
// the end of a case is killed and reaped by its guard.

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <optional>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include "weir/test/temp_dir.hpp"

extern char** environ;

namespace {

using namespace std::chrono_literals;
using steady = std::chrono::steady_clock;

double ms_between(steady::time_point from, steady::time_point to) {
  return std::chrono::duration<double, std::milli>(to - from).count();
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in{path, std::ios::binary};
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

/// The first line of `text` that contains `part` (empty if none does).
std::string line_with(const std::string& text, const std::string& part) {
  auto at = text.find(part);
  if (at == std::string::npos)
    return {};
  auto begin = text.rfind('\n', at);
  begin = begin == std::string::npos ? 0 : begin + 1;
  return text.substr(begin, text.find('\n', at) - begin);
}

/// Where two outputs first differ, for a failure message that does not print 16,000 lines.
std::string first_difference(const std::string& a, const std::string& b) {
  if (a == b)
    return "identical";
  std::istringstream ia{a};
  std::istringstream ib{b};
  std::string la;
  std::string lb;
  for (int line = 1;; ++line) {
    bool ga = static_cast<bool>(std::getline(ia, la));
    bool gb = static_cast<bool>(std::getline(ib, lb));
    if (!ga || !gb || la != lb)
      return "sizes " + std::to_string(a.size()) + " and " + std::to_string(b.size())
             + " bytes; first difference at line " + std::to_string(line) + ": '"
             + (ga ? la : "<end>") + "' vs '" + (gb ? lb : "<end>") + "'";
  }
}

struct env_var {
  std::string name;
  std::string value;
};

/// One process started by a test: argv[0] is `binary`, stdin is /dev/null, stdout and stderr
/// go to <dir>/<name>.out and <dir>/<name>.err, the working directory is `dir`. The
/// environment is the test's without any WEIR_* variable (so that a developer's shell cannot
/// change a case), plus WEIR_LOG_LEVEL=info and `env`. The destructor SIGKILLs and reaps a
/// process still running, so that a failed check leaves nothing behind; on Linux the child
/// also dies with the test process (PR_SET_PDEATHSIG), e.g. when ctest's timeout kills it.
class child_process {
public:
  child_process(const std::filesystem::path& dir, std::string name, const std::string& binary,
                const std::vector<std::string>& args, const std::vector<env_var>& env = {})
    : name_(std::move(name)), out_(dir / (name_ + ".out")), err_(dir / (name_ + ".err")) {
    std::vector<std::string> argv_s{binary};
    argv_s.insert(argv_s.end(), args.begin(), args.end());
    std::vector<std::string> env_s;
    for (char** e = environ; *e != nullptr; ++e)
      if (std::string_view{*e}.rfind("WEIR_", 0) != 0)
        env_s.emplace_back(*e);
    env_s.emplace_back("WEIR_LOG_LEVEL=info");
    for (const auto& v : env)
      env_s.push_back(v.name + "=" + v.value);
    std::vector<char*> argv;
    for (auto& a : argv_s)
      argv.push_back(a.data());
    argv.push_back(nullptr);
    std::vector<char*> envp;
    for (auto& e : env_s)
      envp.push_back(e.data());
    envp.push_back(nullptr);
    const std::string cwd = dir.string();
    const int in = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    const int out = ::open(out_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    const int err = ::open(err_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (in < 0 || out < 0 || err < 0)
      throw std::runtime_error("cannot open the output files of " + name_ + " in " + cwd);
    started_ = steady::now();
    pid_ = ::fork();
    if (pid_ == 0) {
      // Only async-signal-safe calls between fork and exec.
#ifdef __linux__
      ::prctl(PR_SET_PDEATHSIG, SIGKILL);
#endif
      ::dup2(in, 0);
      ::dup2(out, 1);
      ::dup2(err, 2);
      if (::chdir(cwd.c_str()) == 0)
        ::execve(argv[0], argv.data(), envp.data());
      ::_exit(127);
    }
    ::close(in);
    ::close(out);
    ::close(err);
    if (pid_ < 0)
      throw std::runtime_error("cannot fork " + name_);
  }

  ~child_process() {
    if (!status_) {
      ::kill(pid_, SIGKILL);
      int raw = 0;
      ::waitpid(pid_, &raw, 0);
    }
  }

  child_process(const child_process&) = delete;
  child_process& operator=(const child_process&) = delete;

  [[nodiscard]] const std::string& name() const noexcept { return name_; }
  [[nodiscard]] pid_t pid() const noexcept { return pid_; }

  /// True while the process runs (reaps it once it ended).
  bool running() {
    if (status_)
      return false;
    int raw = 0;
    auto r = ::waitpid(pid_, &raw, WNOHANG);
    if (r == pid_ || (r < 0 && errno == ECHILD)) {
      ended_ = steady::now();
      status_ = r < 0 ? -1 : WIFEXITED(raw) ? WEXITSTATUS(raw) : 128 + WTERMSIG(raw);
      return false;
    }
    return true;
  }

  /// Waits until `deadline` for the process to end: its exit code (128 + the signal if one
  /// ended it), or nothing if it still runs.
  std::optional<int> wait_until(steady::time_point deadline) {
    while (running() && steady::now() < deadline)
      std::this_thread::sleep_for(5ms);
    return status_;
  }

  void kill(int signal = SIGKILL) {
    if (!status_)
      ::kill(pid_, signal);
  }

  [[nodiscard]] steady::time_point started() const noexcept { return started_; }
  [[nodiscard]] steady::time_point ended() const noexcept { return ended_; }
  [[nodiscard]] std::string err() const { return read_file(err_); }

private:
  std::string name_;
  std::filesystem::path out_;
  std::filesystem::path err_;
  pid_t pid_ = -1;
  std::optional<int> status_;
  steady::time_point started_;
  steady::time_point ended_;
};

/// What a process did: its exit code (nothing: killed at the deadline), stderr, runtime.
struct process_result {
  std::string name;
  std::optional<int> code;
  std::string err;
  double runtime_ms = 0;

  [[nodiscard]] bool succeeded() const { return code == 0; }
  /// Ended with an exit code other than 0 (not by a signal, not still running).
  [[nodiscard]] bool failed() const { return code && *code != 0 && *code < 128; }
  [[nodiscard]] bool killed_by(int signal) const { return code == 128 + signal; }

  [[nodiscard]] std::string describe() const {
    // The job's plan (vertex and edge lines) says nothing about a failure: leave it out, and
    // keep the tail of a long log.
    std::string text;
    std::istringstream in{err};
    for (std::string line; std::getline(in, line);)
      if (line.rfind("vertex ", 0) != 0 && line.rfind("edge ", 0) != 0)
        text += line + '\n';
    if (text.size() > 3000)
      text = "..." + text.substr(text.size() - 3000);
    return "--- " + name + ": "
           + (code ? "exit " + std::to_string(*code) : std::string{"still running, killed"})
           + " after " + std::to_string(static_cast<long>(runtime_ms)) + " ms; stderr:\n"
           + text;
  }
};

process_result result_of(child_process& p, steady::time_point deadline) {
  auto code = p.wait_until(deadline);
  if (!code)
    p.kill();
  auto end = code ? p.ended() : steady::now();
  return {p.name(), code, p.err(), ms_between(p.started(), end)};
}

/// Runs `binary args` to its end (at most `timeout`).
process_result run_process(const weir::test::temp_dir& dir, const std::string& name,
                           const std::string& binary, const std::vector<std::string>& args,
                           const std::vector<env_var>& env = {},
                           steady::duration timeout = 60s) {
  child_process p{dir.path(), name, binary, args, env};
  return result_of(p, steady::now() + timeout);
}

/// A port that was free a moment ago: bound on 127.0.0.1:0 and released. Another process may
/// take it before the coordinator does; the scenarios then run once more on a new one.
std::uint16_t free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  BOOST_TEST_REQUIRE(fd >= 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof addr;
  const bool ok = ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0
                  && ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0;
  ::close(fd);
  BOOST_TEST_REQUIRE(ok, "cannot bind a socket to 127.0.0.1:0");
  return ntohs(addr.sin_port);
}

/// One process of a cluster: its own flags (the job's, plus any --weir-* flag beyond role,
/// port, workers and join, which the scenario adds), variables, and when it starts.
struct node_spec {
  std::vector<std::string> args;
  std::vector<env_var> env;
  std::chrono::milliseconds start_after{0}; ///< after the scenario began
};

/// A coordinator waiting for `expected_workers` and the workers that join it.
struct cluster_spec {
  std::string binary;
  std::string label; ///< prefix of the log files
  node_spec coordinator;
  int expected_workers = 2;
  std::vector<node_spec> workers;
};

/// How a cluster's processes ended.
struct cluster_result {
  process_result coordinator;
  std::vector<process_result> workers;

  /// The coordinator could not listen on the port chosen (taken meanwhile).
  [[nodiscard]] bool port_clash() const {
    return coordinator.code && contains(coordinator.err, "cannot listen on");
  }
  [[nodiscard]] std::string describe() const {
    std::string s = coordinator.describe();
    for (const auto& w : workers)
      s += w.describe();
    return s;
  }
};

/// A started cluster: the processes, their guards, and a deadline for all of them.
class cluster_run {
public:
  cluster_run(const weir::test::temp_dir& dir, const cluster_spec& spec, std::uint16_t port,
              steady::duration timeout)
    : dir_(dir), spec_(spec), join_("127.0.0.1:" + std::to_string(port)),
      deadline_(steady::now() + timeout) {
    // Start in the order of start_after (the coordinator first at equal times).
    struct start {
      std::chrono::milliseconds at;
      int index; // -1: the coordinator
    };
    std::vector<start> order{{spec.coordinator.start_after, -1}};
    for (int i = 0; i < static_cast<int>(spec.workers.size()); ++i)
      order.push_back({spec.workers[static_cast<std::size_t>(i)].start_after, i});
    std::stable_sort(order.begin(), order.end(),
                     [](const start& a, const start& b) { return a.at < b.at; });
    workers_.resize(spec.workers.size());
    const auto begin = steady::now();
    for (const auto& s : order) {
      std::this_thread::sleep_until(begin + s.at);
      if (s.index < 0) {
        auto args = spec.coordinator.args;
        args.insert(args.end(), {"--weir-role", "coordinator", "--weir-port",
                                 std::to_string(port), "--weir-workers",
                                 std::to_string(spec.expected_workers)});
        coordinator_ = std::make_unique<child_process>(dir.path(), spec.label + "-coordinator",
                                                       spec.binary, args, spec.coordinator.env);
      } else {
        workers_[static_cast<std::size_t>(s.index)] =
          start_worker(spec.workers[static_cast<std::size_t>(s.index)], s.index + 1);
      }
    }
  }

  /// Starts one more worker (number workers + 1) now.
  void add_worker(const node_spec& w) {
    workers_.push_back(start_worker(w, static_cast<int>(workers_.size()) + 1));
  }

  child_process& coordinator() { return *coordinator_; }
  child_process& worker(std::size_t i) { return *workers_.at(i); }

  /// Waits for every process until the deadline (killing the rest), the coordinator first:
  /// when it could not listen, the workers are not waited for.
  cluster_result finish() {
    cluster_result r;
    r.coordinator = result_of(*coordinator_, deadline_);
    const auto workers_deadline = r.port_clash() ? steady::now() : deadline_;
    for (auto& w : workers_)
      r.workers.push_back(result_of(*w, workers_deadline));
    return r;
  }

private:
  std::unique_ptr<child_process> start_worker(const node_spec& w, int number) {
    auto args = w.args;
    args.insert(args.end(), {"--weir-role", "worker", "--weir-join", join_});
    return std::make_unique<child_process>(dir_.path(),
                                           spec_.label + "-worker-" + std::to_string(number),
                                           spec_.binary, args, w.env);
  }

  const weir::test::temp_dir& dir_;
  const cluster_spec& spec_;
  std::string join_;
  steady::time_point deadline_;
  std::unique_ptr<child_process> coordinator_;
  std::vector<std::unique_ptr<child_process>> workers_;
};

/// Runs `attempt(port)` on a free port, and once more on another if the coordinator found
/// that port taken.
cluster_result on_free_port(const std::function<cluster_result(std::uint16_t)>& attempt) {
  auto r = attempt(free_port());
  if (r.port_clash()) {
    BOOST_TEST_MESSAGE("the port was taken before the coordinator listened; once more");
    r = attempt(free_port());
  }
  return r;
}

/// Runs the cluster of `spec` to its end.
cluster_result run_cluster(const weir::test::temp_dir& dir, const cluster_spec& spec,
                           steady::duration timeout = 60s) {
  return on_free_port([&](std::uint16_t port) {
    cluster_run run{dir, spec, port, timeout};
    return run.finish();
  });
}

/// `n` workers with the same flags and `slots` slots each, all started with the coordinator.
std::vector<node_spec> workers(int n, int slots, const std::vector<std::string>& args,
                               const std::vector<env_var>& env = {}) {
  auto a = args;
  a.insert(a.end(), {"--weir-slots", std::to_string(slots)});
  return std::vector<node_spec>(static_cast<std::size_t>(n), node_spec{a, env, 0ms});
}

// ---------------------------------------------------------------------------------------------
// weir-cluster-job

const std::string job_bin = WEIR_CLUSTER_JOB_BIN;

/// The job's flags with --output `output`.
std::vector<std::string> job_args(const std::string& output, std::vector<std::string> flags) {
  flags.insert(flags.begin(), {"--output", output});
  return flags;
}

/// Runs the job embedded and as a coordinator with `n` workers of `slots` slots (changed by
/// `adjust`, if given), and checks that both succeed with the same --output.
void check_cluster_matches_embedded(const weir::test::temp_dir& dir, const std::string& label,
                                    const std::vector<std::string>& flags, int n = 2,
                                    int slots = 2,
                                    std::function<void(cluster_spec&)> adjust = {}) {
  BOOST_TEST_CONTEXT(label) {
    const auto embedded_out = dir.file(label + "-embedded.txt");
    const auto cluster_out = dir.file(label + "-cluster.txt");
    auto embedded = run_process(dir, label + "-embedded", job_bin, job_args(embedded_out, flags));
    BOOST_TEST_REQUIRE(embedded.succeeded(), embedded.describe());

    cluster_spec spec{job_bin, label, {job_args(cluster_out, flags), {}, 0ms}, n,
                      workers(n, slots, job_args(cluster_out, flags))};
    if (adjust)
      adjust(spec);
    auto started = steady::now();
    auto r = run_cluster(dir, spec);
    const auto cluster_ms = static_cast<long>(ms_between(started, steady::now()));
    BOOST_TEST_MESSAGE(label << ": embedded " << static_cast<long>(embedded.runtime_ms)
                             << " ms, cluster " << cluster_ms << " ms");
    BOOST_TEST_REQUIRE(r.coordinator.succeeded(), r.describe());
    for (const auto& w : r.workers)
      BOOST_TEST(w.succeeded(), r.describe());
    const auto expected = read_file(embedded_out);
    const auto actual = read_file(cluster_out);
    BOOST_TEST(!expected.empty());
    BOOST_TEST(actual == expected, first_difference(actual, expected));
  }
}

/// The highest n of a chk-<n> directory under `dir` that holds a _metadata file: the latest
/// completed checkpoint (0: none yet). Older ones are deleted as newer ones complete.
int latest_checkpoint(const std::filesystem::path& dir) {
  int latest = 0;
  std::error_code ec;
  for (std::filesystem::recursive_directory_iterator it{dir, ec}, end; !ec && it != end;
       it.increment(ec)) {
    const auto name = it->path().parent_path().filename().string();
    if (it->path().filename() == "_metadata" && name.rfind("chk-", 0) == 0)
      latest = std::max(latest, std::atoi(name.c_str() + 4));
  }
  return latest;
}

/// Polls `condition` every 5 ms until it holds (true) or `deadline` passes (false).
template <class Condition>
bool eventually(steady::time_point deadline, Condition condition) {
  for (;;) {
    if (condition())
      return true;
    if (steady::now() >= deadline)
      return false;
    std::this_thread::sleep_for(5ms);
  }
}

/// What happened to a cluster whose worker 1 was killed mid-job.
struct kill_result {
  cluster_result cluster;
  bool killed = false;            ///< false: the job ended before two checkpoints completed
  double kill_to_restart_ms = -1; ///< -1: the coordinator logged no restart
  double kill_to_redeploy_ms = -1; ///< until the restarted job's tasks were deployed
  pid_t killed_pid = -1;
};

/// Runs the slow checkpointed job (with `extra` flags) on `n` workers of `slots` slots, and
/// embedded meanwhile (it sleeps as long). Once two checkpoints completed (so that the restart restores state that
/// holds records), SIGKILLs worker 1 and, with `replacement`, starts another worker. Checks
/// that the coordinator restarted the job and wrote the embedded run's --output.
kill_result run_with_worker_killed(const weir::test::temp_dir& dir, const std::string& label,
                                   int n, int slots, bool replacement,
                                   const std::vector<std::string>& extra = {}) {
  auto flags = [&](const std::string& which) {
    std::vector<std::string> f = {
      "--output",   dir.file(label + "-" + which + "-out.txt"),
      "--seed",     "5",
      "--parallelism", "2",
      "--events",   "100000",
      "--slow-us",  "2000",
      "--checkpoint-interval-ms", "200",
      "--checkpoint-dir", dir.file(label + "-" + which + "-chk")};
    f.insert(f.end(), extra.begin(), extra.end());
    return f;
  };
  child_process embedded{dir.path(), label + "-embedded", job_bin, flags("embedded")};

  kill_result k;
  cluster_spec spec{job_bin, label, {flags("cluster"), {}, 0ms}, n,
                    workers(n, slots, flags("cluster"))};
  k.cluster = on_free_port([&](std::uint16_t port) {
    cluster_run run{dir, spec, port, 90s};
    k.killed = false;
    const auto chk = dir.path() / (label + "-cluster-chk");
    auto coordinator_ended = [&] { return !run.coordinator().running(); };
    int checkpoint = 0;
    eventually(steady::now() + 30s, [&] {
      checkpoint = std::max(checkpoint, latest_checkpoint(chk));
      return checkpoint >= 2 || coordinator_ended();
    });
    if (checkpoint < 2 || coordinator_ended())
      return run.finish(); // k.killed stays false: the test fails
    run.worker(0).kill(SIGKILL);
    k.killed = true;
    k.killed_pid = run.worker(0).pid();
    const auto kill_time = steady::now();
    if (replacement)
      run.add_worker(spec.workers[0]);
    auto restarted = [&] { return contains(run.coordinator().err(), "restarted (attempt"); };
    eventually(steady::now() + 30s, [&] { return restarted() || coordinator_ended(); });
    if (restarted())
      k.kill_to_restart_ms = ms_between(kill_time, steady::now());
    auto redeployed = [&] {
      return contains(run.coordinator().err(), "tasks on the cluster (attempt 2)");
    };
    eventually(steady::now() + 30s, [&] { return redeployed() || coordinator_ended(); });
    if (redeployed())
      k.kill_to_redeploy_ms = ms_between(kill_time, steady::now());
    return run.finish();
  });
  const auto& r = k.cluster;
  BOOST_TEST_REQUIRE(k.killed, "the job ended before two checkpoints completed\n" + r.describe());
  BOOST_TEST_MESSAGE(label << ": from the SIGKILL of worker 1 to the coordinator's 'restarted' "
                              "line: "
                           << k.kill_to_restart_ms << " ms (the restart strategy waits 200 ms), "
                           << "to the tasks deployed again: " << k.kill_to_redeploy_ms << " ms");
  BOOST_TEST(k.kill_to_restart_ms >= 0, r.describe());
  BOOST_TEST(k.kill_to_redeploy_ms >= 0, r.describe());
  BOOST_TEST(r.coordinator.succeeded(), r.describe());
  BOOST_TEST(r.workers.at(0).killed_by(SIGKILL));
  for (std::size_t i = 1; i < r.workers.size(); ++i)
    BOOST_TEST(r.workers[i].succeeded(), r.describe());
  // The coordinator numbers workers as they register: find the killed one by its pid.
  BOOST_TEST(contains(line_with(r.coordinator.err, "lost worker"),
                      " pid " + std::to_string(k.killed_pid) + ")"),
             r.describe());
  BOOST_TEST(contains(r.coordinator.err, "restarted after:"), r.describe());

  auto e = result_of(embedded, steady::now() + 60s);
  BOOST_TEST_REQUIRE(e.succeeded(), e.describe());
  const auto expected = read_file(dir.file(label + "-embedded-out.txt"));
  const auto actual = read_file(dir.file(label + "-cluster-out.txt"));
  BOOST_TEST(!expected.empty());
  BOOST_TEST(actual == expected, first_difference(actual, expected));
  return k;
}

// ---------------------------------------------------------------------------------------------
// average-sensor-readings

const std::string sensor_bin = WEIR_AVERAGE_SENSOR_READINGS_BIN;

/// Readings of 6 sensors, out of order within about 300 ms, a few lagging by seconds (late
/// with --max-out-of-orderness-ms 300) and a few malformed lines.
std::string sensor_csv(std::uint64_t seed, int count) {
  std::mt19937_64 rng{seed};
  std::string csv;
  std::int64_t t = 1'700'000'000'000;
  for (int i = 0; i < count; ++i) {
    if (rng() % 100 == 0)
      csv += (rng() % 2 ? "sensor_1,not-a-time,50\n" : "garbage\n");
    t += static_cast<std::int64_t>(rng() % 16);
    auto ts = t - static_cast<std::int64_t>(rng() % 300);
    if (rng() % 25 == 0)
      ts -= 300 + static_cast<std::int64_t>(rng() % 3000);
    csv += "sensor_" + std::to_string(rng() % 6 + 1) + ',' + std::to_string(ts) + ','
           + std::to_string(static_cast<double>(rng() % 1600) / 10.0 - 40.0) + '\n';
  }
  return csv;
}

} // namespace

BOOST_AUTO_TEST_SUITE(cluster_test)

BOOST_AUTO_TEST_CASE(cluster_writes_the_embedded_output_at_any_seed_and_parallelism) {
  // Coordinator + 2 workers × 2 slots; a job of parallelism up to 3 spreads over both.
  weir::test::temp_dir dir;
  check_cluster_matches_embedded(dir, "p1-seed1", {"--parallelism", "1", "--seed", "1"});
  check_cluster_matches_embedded(dir, "p2-seed7", {"--parallelism", "2", "--seed", "7"});
  check_cluster_matches_embedded(dir, "p3-seed3", {"--parallelism", "3", "--seed", "3"});
  // Enough records that the channels between the workers run out of credit on the way.
  check_cluster_matches_embedded(dir, "p3-seed11",
                                 {"--parallelism", "3", "--seed", "11", "--events", "300000"});
  check_cluster_matches_embedded(dir, "p3-rocksdb",
                                 {"--parallelism", "3", "--seed", "4", "--state-backend",
                                  "rocksdb"});
  // The coordinator offers 2 slots of its own and runs tasks next to 1 worker.
  check_cluster_matches_embedded(dir, "coordinator-slots", {"--parallelism", "3", "--seed", "9"},
                                 1, 1, [](cluster_spec& s) {
                                   s.coordinator.args.insert(s.coordinator.args.end(),
                                                             {"--weir-slots", "2"});
                                 });
}

BOOST_AUTO_TEST_CASE(example_average_sensor_readings_runs_as_a_cluster_of_three_processes) {
  // average-sensor-readings with a file input: the coordinator and 2 workers (1 slot each,
  // parallelism 2) write the same --output, --late-records and --bad-records as the program
  // run alone; late readings and malformed lines travel to the coordinator through collect().
  weir::test::temp_dir dir;
  const auto input = dir.file("readings.csv");
  std::ofstream{input, std::ios::binary} << sensor_csv(20231114, 3000);
  auto flags = [&](const std::string& which) {
    return std::vector<std::string>{
      "--input",        input,
      "--output",       dir.file(which + "-out.csv"),
      "--late-records", dir.file(which + "-late.csv"),
      "--bad-records",  dir.file(which + "-bad.txt"),
      "--parallelism",  "2",
      "--max-out-of-orderness-ms", "300"};
  };
  auto embedded = run_process(dir, "sensors-embedded", sensor_bin, flags("embedded"));
  BOOST_TEST_REQUIRE(embedded.succeeded(), embedded.describe());

  cluster_spec spec{sensor_bin, "sensors", {flags("cluster"), {}, 0ms}, 2,
                    workers(2, 1, flags("cluster"))};
  auto r = run_cluster(dir, spec);
  BOOST_TEST_REQUIRE(r.coordinator.succeeded(), r.describe());
  for (const auto& w : r.workers)
    BOOST_TEST(w.succeeded(), r.describe());
  for (std::string file : {"-out.csv", "-late.csv", "-bad.txt"}) {
    BOOST_TEST_CONTEXT(file) {
      const auto expected = read_file(dir.file("embedded" + file));
      const auto actual = read_file(dir.file("cluster" + file));
      BOOST_TEST(!expected.empty());
      BOOST_TEST(actual == expected, first_difference(actual, expected));
    }
  }
  // The summary line counts the same results.
  auto summary = [](const std::string& err) {
    auto at = err.rfind(" window averages, ");
    auto begin = err.rfind('\n', at) + 1;
    return err.substr(begin, err.find(" (", at) - begin);
  };
  BOOST_TEST(summary(r.coordinator.err) == summary(embedded.err), r.describe());
}

BOOST_AUTO_TEST_CASE(worker_killed_mid_job_is_replaced_by_a_restart_from_the_checkpoint) {
  // 2 workers × 2 slots, parallelism 2: each worker hosts a slot. Worker 1 is killed with
  // SIGKILL; the job restarts on worker 2's two slots from the latest checkpoint and commits
  // through the exactly-once sink what the failure-free run commits.
  weir::test::temp_dir dir;
  run_with_worker_killed(dir, "kill", 2, 2, false);
}

BOOST_AUTO_TEST_CASE(restart_waits_for_a_replacement_worker_when_the_survivors_lack_slots) {
  // 2 workers × 1 slot, parallelism 2: after worker 1 is killed, one slot is left; the
  // restart waits for the worker started in its place, then runs on worker 2 and worker 3,
  // restoring RocksDB state that worker 1 wrote.
  weir::test::temp_dir dir;
  run_with_worker_killed(dir, "replace", 2, 1, true, {"--state-backend", "rocksdb"});
}

BOOST_AUTO_TEST_CASE(coordinator_refuses_a_worker_with_a_wrong_or_missing_token) {
  weir::test::temp_dir dir;
  struct token_case {
    std::string label;
    std::vector<env_var> coordinator_env;
    std::vector<env_var> worker_env;
    std::string worker_says;
  };
  const std::vector<token_case> cases = {
    {"wrong-token", {{"WEIR_CLUSTER_TOKEN", "a"}}, {{"WEIR_CLUSTER_TOKEN", "b"}},
     "this worker's cluster token is wrong"},
    {"missing-token", {{"WEIR_CLUSTER_TOKEN", "a"}}, {},
     "this worker presented no cluster token"},
    {"unexpected-token", {}, {{"WEIR_CLUSTER_TOKEN", "b"}},
     "this worker presented a cluster token, but the coordinator has none"},
  };
  for (const auto& c : cases) {
    BOOST_TEST_CONTEXT(c.label) {
      auto out = dir.file(c.label + ".txt");
      cluster_spec spec{job_bin,
                        c.label,
                        {job_args(out, {"--weir-registration-timeout-ms", "2000"}),
                         c.coordinator_env, 0ms},
                        1,
                        workers(1, 2, job_args(out, {}), c.worker_env)};
      auto r = run_cluster(dir, spec, 30s);
      const auto& w = r.workers.at(0);
      BOOST_TEST(w.failed(), r.describe());
      BOOST_TEST(contains(w.err, "cluster token"), r.describe());
      BOOST_TEST(contains(w.err, c.worker_says), r.describe());
      BOOST_TEST(contains(w.err, "refused this worker"), r.describe());
      // The worker learns at once; the coordinator waits out its registration timeout.
      BOOST_TEST(w.runtime_ms < 10000, r.describe());
      BOOST_TEST(r.coordinator.failed(), r.describe());
      BOOST_TEST(contains(r.coordinator.err, "only 0 of 1 workers joined"), r.describe());
      BOOST_TEST(contains(r.coordinator.err, "refused"), r.describe());
      BOOST_TEST(contains(r.coordinator.err, "token"), r.describe());
      BOOST_TEST(!std::filesystem::exists(out));
    }
  }
}

BOOST_AUTO_TEST_CASE(coordinator_refuses_a_worker_that_built_another_job_graph) {
  weir::test::temp_dir dir;
  for (std::vector<std::string> other : {std::vector<std::string>{"--parallelism", "3"},
                                         std::vector<std::string>{"--seed", "8"}}) {
    const auto label = "plan" + other[0];
    BOOST_TEST_CONTEXT(label) {
      auto out = dir.file(label + ".txt");
      auto worker_flags = job_args(out, {"--parallelism", "2", "--seed", "1"});
      for (std::size_t i = 0; i < worker_flags.size(); ++i)
        if (worker_flags[i] == other[0])
          worker_flags[i + 1] = other[1];
      cluster_spec spec{
        job_bin,
        label,
        {job_args(out, {"--parallelism", "2", "--seed", "1", "--weir-registration-timeout-ms",
                        "2000"}),
         {},
         0ms},
        1,
        workers(1, 3, worker_flags)};
      auto r = run_cluster(dir, spec, 30s);
      const auto& w = r.workers.at(0);
      BOOST_TEST(w.failed(), r.describe());
      BOOST_TEST(contains(w.err, "refused this worker"), r.describe());
      BOOST_TEST(contains(w.err, "job graph"), r.describe());
      BOOST_TEST(contains(w.err, "run the same program with the same flags"), r.describe());
      BOOST_TEST(r.coordinator.failed(), r.describe());
      BOOST_TEST(contains(r.coordinator.err, "refused"), r.describe());
      BOOST_TEST(contains(r.coordinator.err, "job graph"), r.describe());
    }
  }
}

BOOST_AUTO_TEST_CASE(coordinator_waits_for_a_worker_that_joins_late) {
  weir::test::temp_dir dir;
  check_cluster_matches_embedded(dir, "late-join", {"--parallelism", "3", "--seed", "2"}, 2, 2,
                                 [](cluster_spec& s) { s.workers[1].start_after = 1500ms; });
}

BOOST_AUTO_TEST_CASE(worker_started_before_the_coordinator_retries_until_it_listens) {
  weir::test::temp_dir dir;
  check_cluster_matches_embedded(dir, "early-worker", {"--parallelism", "3", "--seed", "6"}, 2,
                                 2, [](cluster_spec& s) {
                                   s.coordinator.start_after = 1000ms;
                                   s.workers[1].start_after = 1000ms;
                                 });
}

BOOST_AUTO_TEST_CASE(coordinator_gives_up_on_a_worker_that_never_joins) {
  weir::test::temp_dir dir;
  auto out = dir.file("missing.txt");
  cluster_spec spec{job_bin,
                    "missing-worker",
                    {job_args(out, {"--weir-registration-timeout-ms", "1500"}), {}, 0ms},
                    2,
                    workers(1, 2, job_args(out, {}))};
  auto r = run_cluster(dir, spec, 30s);
  BOOST_TEST_MESSAGE("the coordinator gave up after " << r.coordinator.runtime_ms << " ms");
  BOOST_TEST(r.coordinator.failed(), r.describe());
  BOOST_TEST(contains(r.coordinator.err, "only 1 of 2 workers joined"), r.describe());
  BOOST_TEST(contains(r.coordinator.err, "--weir-registration-timeout-ms"), r.describe());
  BOOST_TEST(r.coordinator.runtime_ms < 6000, r.describe());
  // The worker that did join does not outlive the job.
  BOOST_TEST(r.workers.at(0).failed(), r.describe());
  BOOST_TEST(!std::filesystem::exists(out));
}

BOOST_AUTO_TEST_CASE(worker_that_lost_its_coordinator_ends_with_an_error) {
  weir::test::temp_dir dir;
  auto out = dir.file("lost.txt");
  auto flags = job_args(out, {"--parallelism", "2", "--seed", "5", "--events", "200000",
                              "--slow-us", "2000"});
  double kill_to_exit_ms[2] = {-1, -1};
  bool killed = false;
  auto r = on_free_port([&](std::uint16_t port) {
    cluster_spec spec{job_bin, "lost-coordinator", {flags, {}, 0ms}, 2, workers(2, 2, flags)};
    cluster_run run{dir, spec, port, 60s};
    killed = false;
    bool deployed = eventually(steady::now() + 20s, [&] {
      return contains(run.coordinator().err(), "deployed")
             || !run.coordinator().running();
    });
    if (!deployed || !run.coordinator().running())
      return run.finish();
    std::this_thread::sleep_for(300ms); // mid-job
    run.coordinator().kill(SIGKILL);
    killed = true;
    const auto kill_time = steady::now();
    for (std::size_t i = 0; i < 2; ++i)
      if (run.worker(i).wait_until(kill_time + 20s))
        kill_to_exit_ms[i] = ms_between(kill_time, run.worker(i).ended());
    return run.finish();
  });
  BOOST_TEST_REQUIRE(killed, "the coordinator ended before it was killed\n" + r.describe());
  BOOST_TEST(r.coordinator.killed_by(SIGKILL));
  for (std::size_t i = 0; i < 2; ++i) {
    const auto& w = r.workers[i];
    BOOST_TEST_MESSAGE("worker " << i + 1 << " ended " << kill_to_exit_ms[i]
                                 << " ms after the coordinator was killed");
    BOOST_TEST(w.failed(), r.describe());
    BOOST_TEST(contains(w.err, "lost the coordinator"), r.describe());
    BOOST_TEST(kill_to_exit_ms[i] >= 0);
    BOOST_TEST(kill_to_exit_ms[i] < 5000, r.describe());
  }
}

BOOST_AUTO_TEST_CASE(bad_cluster_flags_and_variables_are_refused_naming_them) {
  weir::test::temp_dir dir;
  struct bad_case {
    std::string label;
    std::vector<std::string> args;
    std::vector<env_var> env;
    std::string named;
  };
  const std::vector<bad_case> cases = {
    {"role", {"--weir-role", "bogus"}, {}, "--weir-role"},
    {"role-variable", {}, {{"WEIR_ROLE", "bogus"}}, "WEIR_ROLE"},
    {"token-flag", {"--weir-token", "x"}, {}, "--weir-token"},
    {"no-join", {"--weir-role", "worker"}, {}, "--weir-join"},
    {"no-join-variable", {}, {{"WEIR_ROLE", "worker"}}, "WEIR_JOIN"},
    {"port-zero", {"--weir-role", "coordinator", "--weir-port", "0"}, {}, "--weir-port"},
    {"bad-join", {"--weir-role", "worker", "--weir-join", "localhost"}, {}, "--weir-join"},
  };
  for (const auto& c : cases) {
    BOOST_TEST_CONTEXT(c.label) {
      auto r = run_process(dir, "flags-" + c.label, job_bin,
                           job_args(dir.file(c.label + ".txt"), c.args), c.env, 20s);
      BOOST_TEST(r.failed(), r.describe());
      BOOST_TEST(contains(r.err, c.named), r.describe());
      BOOST_TEST(r.runtime_ms < 5000, r.describe());
    }
  }
}

/// Resident memory of process `pid` in MiB (VmRSS), or 0 if it is gone.
double resident_mib(pid_t pid) {
  std::ifstream in{"/proc/" + std::to_string(pid) + "/status"};
  for (std::string line; std::getline(in, line);)
    if (line.rfind("VmRSS:", 0) == 0)
      return std::stod(line.substr(6)) / 1024.0;
  return 0;
}

BOOST_AUTO_TEST_CASE(backpressure_crosses_processes_and_memory_stays_bounded) {
  // The source could make tens of millions of records per second; one sink instance in another
  // process takes about a hundred thousand. If credit did not hold the source back across the
  // network, the receiver's mailbox (or the sender's CAF buffers) would grow by gigabytes in a
  // few seconds.
  weir::test::temp_dir dir;
  {
    const auto port = free_port();
    const auto out = dir.file("backpressure.txt");
    std::vector<std::string> flags{"--parallelism", "2", "--seed", "3", "--events", "50000000",
                                   "--slow-sink-us", "500"};
    auto coordinator_args = job_args(out, flags);
    coordinator_args.insert(coordinator_args.end(),
                            {"--weir-role", "coordinator", "--weir-port", std::to_string(port),
                             "--weir-workers", "2"});
    child_process coordinator{dir.path(), "backpressure-coordinator", job_bin, coordinator_args};
    std::vector<std::unique_ptr<child_process>> ws;
    for (int i = 1; i <= 2; ++i) {
      auto a = job_args(out, flags);
      a.insert(a.end(), {"--weir-role", "worker", "--weir-join", "127.0.0.1:" + std::to_string(port),
                         "--weir-slots", "1"});
      ws.push_back(std::make_unique<child_process>(dir.path(), "backpressure-worker-" + std::to_string(i),
                                                   job_bin, a));
    }
    double peak = 0;
    const auto until = steady::now() + 4s;
    while (steady::now() < until) {
      std::this_thread::sleep_for(200ms);
      BOOST_TEST_REQUIRE(coordinator.running(), coordinator.err());
      for (auto& w : ws) {
        BOOST_TEST_REQUIRE(w->running(), w->err());
        peak = std::max(peak, resident_mib(w->pid()));
      }
    }
    BOOST_TEST_MESSAGE("peak resident memory of a worker under backpressure: " << peak << " MiB");
    BOOST_TEST(peak > 0.0);
    BOOST_TEST(peak < 200.0, "a worker grew to " << peak << " MiB: credit did not bound it");
    BOOST_TEST(coordinator.err().find("deployed") != std::string::npos, coordinator.err());
  } // the guards kill the processes
}

BOOST_AUTO_TEST_SUITE_END()
