#pragma once

#include <cstddef>
#include <filesystem>

#include "weir/state/result.hpp"

namespace weir::state {

/// The directory of this process's RocksDB instances under a state directory, so that the
/// instances of a process killed with `kill -9` are found and removed by the next one.
///
/// `<state_dir>/weir-<pid>-<random>/` holds a `lock` file that this process keeps locked
/// (flock, exclusive) from creating the directory until it exits; the kernel drops the lock
/// when the process dies, however it dies. Whenever a backend is created under a state
/// directory, the `weir-*` directories there whose lock can be taken belong to dead
/// processes and are removed. A directory is renamed to `weir-*` only once its lock is held,
/// so a starting process is never mistaken for a dead one. The directory lives while a lease
/// on it does: it is removed with the last instance in it (and made afresh for the next).
/// Thread-safe.
class process_directory {
public:
  /// Keeps this process's directory under a state directory, for one RocksDB instance.
  class lease {
  public:
    lease() = default;
    lease(lease&& other) noexcept : path_(std::move(other.path_)) { other.path_.clear(); }
    lease& operator=(lease&& other) noexcept;
    lease(const lease&) = delete;
    lease& operator=(const lease&) = delete;
    ~lease();

    /// The process directory.
    [[nodiscard]] const std::filesystem::path& path() const noexcept { return path_; }

  private:
    friend class process_directory;
    explicit lease(std::filesystem::path p) : path_(std::move(p)) {}
    std::filesystem::path path_;
  };

  /// A lease on this process's directory under `state_dir` (both created if missing), after
  /// removing the directories of dead processes there. A forked child gets a directory of its
  /// own.
  static result<lease> acquire(const std::filesystem::path& state_dir);

  /// Removes the `weir-*` directories under `state_dir` whose lock no live process holds,
  /// except `own`; returns how many it removed. Directories without a lock file are not
  /// Weir's and are left alone.
  static std::size_t reclaim_dead(const std::filesystem::path& state_dir,
                                  const std::filesystem::path& own);

  /// The prefix of process directories' names.
  static constexpr const char* prefix = "weir-";
  /// The lock file in a process directory.
  static constexpr const char* lock_file = "lock";
};

} // namespace weir::state
