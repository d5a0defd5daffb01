#pragma once

#include <sys/types.h>

#include <chrono>
#include <string>
#include <variant>
#include <vector>

#include "weir/error.hpp"

namespace weir::bench {

/// A child process of the benchmark (a cluster worker it started), whose stdout comes back
/// through a pipe; its stderr is the benchmark's. Owns the process: the destructor kills
/// (SIGKILL) and reaps a child still running. Movable, not copyable; used from one thread.
class worker_process {
public:
  /// How the process ended.
  struct exit_status {
    bool exited = false; ///< it returned from main (`code`); false: a signal ended it
    int code = -1;
    int signal = 0;
    bool timed_out = false; ///< finish() gave up waiting and killed it
    std::string output;     ///< everything it wrote on stdout
  };

  /// Starts `executable` with `args` (argv[1] onwards; argv[0] is `executable`). The error
  /// names the executable and the system's reason.
  [[nodiscard]] static std::variant<worker_process, error>
  start(const std::string& executable, const std::vector<std::string>& args);

  worker_process(worker_process&& other) noexcept;
  worker_process& operator=(worker_process&&) = delete;
  worker_process(const worker_process&) = delete;
  worker_process& operator=(const worker_process&) = delete;
  ~worker_process();

  [[nodiscard]] pid_t pid() const noexcept { return pid_; }
  /// Sends SIGKILL: a node lost without warning (no clean shutdown, the kernel closes its
  /// sockets). finish() still reaps it.
  void kill() noexcept;
  /// Sends SIGSTOP: a node that hangs with its connections open (found by heartbeats only).
  void freeze() noexcept;
  /// Reads its stdout to the end and reaps it, waiting at most `timeout` from now; then it is
  /// killed and reported `timed_out`. Call once.
  [[nodiscard]] exit_status finish(std::chrono::milliseconds timeout);

private:
  worker_process(pid_t pid, int out) : pid_(pid), out_(out) {}

  pid_t pid_ = -1;
  int out_ = -1; ///< read end of the child's stdout; -1 once closed
};

} // namespace weir::bench
