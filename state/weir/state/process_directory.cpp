#include "weir/state/process_directory.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <mutex>
#include <random>
#include <string>
#include <vector>

namespace weir::state {

namespace {

namespace fs = std::filesystem;

// The process directories this process holds, with their lock file descriptors and leases.
// (Entries inherited through fork() are the parent's: they are told apart by pid. What a
// leaked backend holds at exit stays on disk, its lock dropped: the next process reclaims it.)
class registry {
public:
  struct entry {
    fs::path state_dir;
    fs::path dir;
    int lock_fd = -1;
    pid_t pid = 0;
    std::size_t leases = 0;
  };

  // Never destroyed: a backend in a static object may release its lease during exit.
  static registry& instance() {
    static auto* r = new registry;
    return *r;
  }

  std::mutex mutex;
  std::vector<entry> entries;
};

std::string errno_text() { return std::error_code{errno, std::generic_category()}.message(); }

std::string random_suffix() {
  std::random_device rd;
  return std::to_string(rd()) + std::to_string(rd() % 1000);
}

error cannot_create(const fs::path& path, const std::string& reason) {
  return error{errc::io_error,
               "cannot create the RocksDB state directory " + path.string() + ": " + reason};
}

result<registry::entry> create(const fs::path& state_dir) {
  std::error_code ec;
  fs::create_directories(state_dir, ec);
  if (ec)
    return cannot_create(state_dir, ec.message());
  auto pid = ::getpid();
  auto name = std::to_string(pid) + "-" + random_suffix();
  // Made under a name no scan looks at, locked, then renamed: a `weir-*` directory always has
  // a held lock while its process lives.
  auto staging = state_dir / (".staging-" + name);
  auto dir = state_dir / (std::string{process_directory::prefix} + name);
  if (!fs::create_directory(staging, ec))
    return cannot_create(staging, ec ? ec.message() : "it exists already");
  auto lock = staging / process_directory::lock_file;
  int fd = ::open(lock.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0 || ::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    auto reason = errno_text();
    if (fd >= 0)
      ::close(fd);
    fs::remove_all(staging, ec);
    return cannot_create(lock, reason);
  }
  fs::rename(staging, dir, ec);
  if (ec) {
    ::close(fd);
    fs::remove_all(staging, ec);
    return cannot_create(dir, ec.message());
  }
  return registry::entry{state_dir, dir, fd, pid, 0};
}

} // namespace

std::size_t process_directory::reclaim_dead(const fs::path& state_dir, const fs::path& own) {
  std::size_t removed = 0;
  std::error_code ec;
  // Iterated with error codes: other processes may remove entries meanwhile.
  for (fs::directory_iterator it{state_dir, ec}, end; !ec && it != end; it.increment(ec)) {
    const auto& d = *it;
    auto name = d.path().filename().string();
    if (name.rfind(prefix, 0) != 0 || d.path() == own || !d.is_directory(ec))
      continue;
    auto lock = d.path() / lock_file;
    int fd = ::open(lock.c_str(), O_RDWR | O_CLOEXEC);
    if (fd < 0)
      continue; // not a process directory, or removed by another process meanwhile
    if (::flock(fd, LOCK_EX | LOCK_NB) == 0) {
      std::error_code rm;
      fs::remove_all(d.path(), rm);
      if (!rm)
        ++removed;
    }
    ::close(fd);
  }
  return removed;
}

result<process_directory::lease> process_directory::acquire(const fs::path& state_dir) {
  auto& reg = registry::instance();
  std::lock_guard<std::mutex> guard{reg.mutex};
  auto me = ::getpid();
  registry::entry* mine = nullptr;
  for (auto& e : reg.entries)
    if (e.pid == me && e.state_dir == state_dir)
      mine = &e;
  if (mine == nullptr) {
    auto made = create(state_dir);
    if (!made)
      return made.err();
    reg.entries.push_back(std::move(*made));
    mine = &reg.entries.back();
  }
  ++mine->leases;
  reclaim_dead(state_dir, mine->dir);
  return lease{mine->dir};
}

process_directory::lease& process_directory::lease::operator=(lease&& other) noexcept {
  if (this != &other) {
    lease old{std::move(*this)};
    path_ = std::move(other.path_);
    other.path_.clear();
  }
  return *this;
}

// The last lease removes the directory and drops the lock (in that order: a directory whose
// lock is free may be removed by another process at any time).
process_directory::lease::~lease() {
  if (path_.empty())
    return;
  auto& reg = registry::instance();
  std::lock_guard<std::mutex> guard{reg.mutex};
  auto me = ::getpid();
  for (auto it = reg.entries.begin(); it != reg.entries.end(); ++it) {
    if (it->pid != me || it->dir != path_ || --it->leases > 0)
      continue;
    std::error_code ec;
    fs::remove_all(it->dir, ec);
    ::close(it->lock_fd);
    reg.entries.erase(it);
    break;
  }
}

} // namespace weir::state
