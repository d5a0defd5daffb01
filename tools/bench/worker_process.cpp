#include "bench/worker_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

extern char** environ;

namespace weir::bench {

std::variant<worker_process, error> worker_process::start(const std::string& executable,
                                                          const std::vector<std::string>& args) {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0)
    return error{errc::io_error, std::string{"cannot create a pipe for a worker: "}
                                   + std::strerror(errno)};
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  // dup2 clears O_CLOEXEC on the child's stdout; both pipe ends close at exec.
  posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
  std::vector<char*> argv;
  argv.push_back(const_cast<char*>(executable.c_str()));
  for (const auto& a : args)
    argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  pid_t pid = -1;
  int rc = posix_spawn(&pid, executable.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(fds[1]);
  if (rc != 0) {
    close(fds[0]);
    return error{errc::io_error,
                 "cannot start " + executable + " as a worker: " + std::strerror(rc)};
  }
  return worker_process{pid, fds[0]};
}

worker_process::worker_process(worker_process&& other) noexcept
  : pid_(other.pid_), out_(other.out_) {
  other.pid_ = -1;
  other.out_ = -1;
}

worker_process::~worker_process() {
  if (out_ >= 0)
    close(out_);
  if (pid_ > 0) {
    ::kill(pid_, SIGKILL);
    int status = 0;
    while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
  }
}

void worker_process::kill() noexcept {
  if (pid_ > 0)
    ::kill(pid_, SIGKILL);
}

void worker_process::freeze() noexcept {
  if (pid_ > 0)
    ::kill(pid_, SIGSTOP);
}

worker_process::exit_status worker_process::finish(std::chrono::milliseconds timeout) {
  exit_status out;
  auto deadline = std::chrono::steady_clock::now() + timeout;
  char buf[4096];
  while (out_ >= 0) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
      deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      out.timed_out = true;
      ::kill(pid_, SIGKILL);
      break;
    }
    pollfd p{out_, POLLIN, 0};
    int ready = poll(&p, 1, static_cast<int>(left.count()));
    if (ready < 0 && errno == EINTR)
      continue;
    if (ready <= 0)
      continue; // the deadline is checked above
    auto n = read(out_, buf, sizeof buf);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      break; // end of file: the worker closed its stdout (it exits)
    out.output.append(buf, static_cast<std::size_t>(n));
  }
  if (out_ >= 0) {
    close(out_);
    out_ = -1;
  }
  // Its stdout is closed; if it still runs (a hung teardown), give it until the deadline.
  int status = 0;
  bool reaped = false;
  for (;;) {
    auto r = waitpid(pid_, &status, WNOHANG);
    if (r == pid_) {
      reaped = true;
      break;
    }
    if (r < 0 && errno != EINTR)
      break; // not our child any more: nothing to reap

    if (std::chrono::steady_clock::now() >= deadline) {
      out.timed_out = true;
      ::kill(pid_, SIGKILL);
      while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
      }
      reaped = true;
      break;
    }
    usleep(2000);
  }
  pid_ = -1;
  if (!reaped)
    return out;
  if (WIFEXITED(status)) {
    out.exited = true;
    out.code = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    out.signal = WTERMSIG(status);
  }
  return out;
}

} // namespace weir::bench
