#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace weir::bench {

/// Stamps the messages of Weir's job log (spdlog logger "weir.job") and cluster log
/// ("weir.cluster": workers registered and lost) with the steady clock as they are logged, so
/// that a benchmark can place the job master's steps (a failure noticed, every task down, the
/// restart) on the same clock as its sinks. attach() raises the loggers to info for this
/// capture only: what reaches stderr keeps the level it had (WEIR_LOG_LEVEL).
/// Stays attached for the life of the process; thread-safe.
class job_log_capture {
public:
  struct entry {
    std::int64_t steady_ns = 0;
    std::string text;
  };

  /// Attaches a capture to "weir.job" and "weir.cluster" (once per process) and returns it.
  static std::shared_ptr<job_log_capture> attach();

  /// Forgets what was captured so far.
  void clear();
  /// Steady ns of the first message after `after_ns` containing `needle`, or 0.
  [[nodiscard]] std::int64_t first(const std::string& needle, std::int64_t after_ns = 0) const;
  /// That message itself; an empty entry (steady_ns 0) if there is none.
  [[nodiscard]] entry find(const std::string& needle, std::int64_t after_ns = 0) const;

  void add(entry e);

private:
  mutable std::mutex mtx_;
  std::vector<entry> entries_;
};

} // namespace weir::bench
