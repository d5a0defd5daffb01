#pragma once

#include <atomic>
#include <chrono>
#include <filesystem>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "bench/checkpoint_sample.hpp"

namespace weir::bench {

/// Watches a checkpoint directory from outside the job, the way a user would: every `period`
/// it lists `<root>/<job id>/chk-<n>/` and reads each new `_metadata` (with the library's
/// read_metadata), so it needs nothing from the runtime and sees what is on disk. It must
/// catch a checkpoint before the job deletes it (retention keeps the newest `retained`,
/// default 1; a finished job deletes all), so a period much shorter than the checkpoint
/// interval sees them all; `stop()` says how many it saw, to compare with the job's count.
///
/// The scans run on a thread of its own, started by the constructor; `root` should be a
/// directory of this run alone (scratch_directory).
class checkpoint_watch {
public:
  explicit checkpoint_watch(std::filesystem::path root,
                            std::chrono::milliseconds period = std::chrono::milliseconds{2});
  checkpoint_watch(const checkpoint_watch&) = delete;
  checkpoint_watch& operator=(const checkpoint_watch&) = delete;
  ~checkpoint_watch();

  /// Stops the scans (after one last one) and returns the checkpoints seen, by job and id.
  std::vector<checkpoint_sample> stop();

private:
  void scan();

  std::filesystem::path root_;
  std::chrono::milliseconds period_;
  std::atomic<bool> stopping_{false};
  std::mutex mtx_;
  std::set<std::filesystem::path> seen_;
  std::vector<checkpoint_sample> samples_;
  std::thread thread_;
};

} // namespace weir::bench
