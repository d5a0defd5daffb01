#include "bench/checkpoint_watch.hpp"

#include <algorithm>
#include <system_error>
#include <variant>

#include <sys/stat.h>

#include "weir/checkpoint/checkpoint_metadata.hpp"

namespace weir::bench {

namespace fs = std::filesystem;

namespace {

/// st_mtim of `path` in ns since the epoch, or 0. (std::filesystem's file_time_type would
/// need a clock_cast to compare with the trigger's system-clock ms.)
std::int64_t mtime_ns(const fs::path& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0)
    return 0;
  return static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec;
}

std::uint64_t size_on_disk(const fs::path& dir) {
  std::uint64_t total = 0;
  std::error_code ec;
  for (fs::recursive_directory_iterator it{dir, ec}, end; !ec && it != end; it.increment(ec)) {
    std::error_code size_ec;
    if (it->is_regular_file(size_ec)) {
      auto n = it->file_size(size_ec);
      if (!size_ec)
        total += n;
    }
  }
  return total;
}

} // namespace

checkpoint_watch::checkpoint_watch(fs::path root, std::chrono::milliseconds period)
  : root_(std::move(root)), period_(period) {
  thread_ = std::thread{[this] {
    while (!stopping_.load(std::memory_order_acquire)) {
      scan();
      std::this_thread::sleep_for(period_);
    }
  }};
}

checkpoint_watch::~checkpoint_watch() {
  if (thread_.joinable())
    (void) stop();
}

std::vector<checkpoint_sample> checkpoint_watch::stop() {
  stopping_.store(true, std::memory_order_release);
  if (thread_.joinable())
    thread_.join();
  scan();
  std::lock_guard guard{mtx_};
  std::sort(samples_.begin(), samples_.end(), [](const auto& a, const auto& b) {
    return a.job_id != b.job_id ? a.job_id < b.job_id : a.id < b.id;
  });
  return samples_;
}

void checkpoint_watch::scan() {
  std::lock_guard guard{mtx_};
  std::error_code ec;
  for (fs::directory_iterator job{root_, ec}, end; !ec && job != end; job.increment(ec)) {
    std::error_code job_ec;
    for (fs::directory_iterator chk{job->path(), job_ec}, chk_end; !job_ec && chk != chk_end;
         chk.increment(job_ec)) {
      const auto& dir = chk->path();
      if (dir.filename().string().rfind("chk-", 0) != 0 || seen_.count(dir) != 0)
        continue;
      std::error_code exists_ec;
      // The manifest appears by a rename, whole: if it is there, the checkpoint is complete.
      if (!fs::exists(dir / checkpoint::metadata_file_name, exists_ec))
        continue;
      auto completed = mtime_ns(dir);
      auto read = checkpoint::read_metadata(dir);
      auto* meta = std::get_if<checkpoint::checkpoint_metadata>(&read);
      if (meta == nullptr || completed == 0)
        continue; // deleted under us (retention): it counts as not seen
      seen_.insert(dir);
      samples_.push_back({meta->job_id, meta->id.value(), meta->timestamp_ms, completed,
                          meta->total_bytes(), size_on_disk(dir)});
    }
  }
}

} // namespace weir::bench
