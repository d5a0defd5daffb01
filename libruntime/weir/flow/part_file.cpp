#include "weir/flow/part_file.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>

#include <fcntl.h>
#include <unistd.h>

namespace weir::flow {

part_file::~part_file() { abandon(); }

std::filesystem::path part_file::in_progress_path() const {
  auto p = file_;
  p += ".inprogress";
  return p;
}

std::optional<error> part_file::io_failure(const std::string& what, int err) const {
  return error{errc::io_error, what + ": " + std::strerror(err)};
}

std::optional<error> part_file::open(std::filesystem::path file) {
  file_ = std::move(file);
  auto tmp = in_progress_path();
  fd_ = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  if (fd_ < 0)
    return io_failure("cannot open output file '" + tmp.string()
                        + "' for writing (check that its directory is writable)",
                      errno);
  buffer_.clear();
  complete_ = 0;
  return std::nullopt;
}

std::optional<error> part_file::end_line() {
  buffer_.push_back('\n');
  complete_ = buffer_.size();
  if (complete_ >= flush_threshold)
    return write_out(complete_);
  return std::nullopt;
}

std::optional<error> part_file::flush() { return complete_ > 0 ? write_out(complete_) : std::nullopt; }

// One write() per buffer of whole lines: a killed process leaves whole lines unless the
// kernel cut the write itself, and then only under the .inprogress name. A short write (a
// signal, a full disk) is resumed where it stopped.
std::optional<error> part_file::write_out(std::size_t bytes) {
  std::size_t done = 0;
  while (done < bytes) {
    auto n = ::write(fd_, buffer_.data() + done, bytes - done);
    if (n < 0) {
      if (errno == EINTR)
        continue;
      return io_failure("writing '" + in_progress_path().string()
                          + "' failed (check free disk space and quotas)",
                        errno);
    }
    done += static_cast<std::size_t>(n);
  }
  buffer_.erase(0, bytes);
  complete_ -= bytes;
  return std::nullopt;
}

std::optional<error> part_file::commit(bool replace) {
  if (fd_ < 0)
    return std::nullopt;
  if (auto err = flush())
    return err;
  int fd = fd_;
  fd_ = -1;
  if (::close(fd) != 0)
    return io_failure("closing '" + in_progress_path().string() + "' failed", errno);
  auto tmp = in_progress_path();
  if (replace) {
    if (std::rename(tmp.c_str(), file_.c_str()) != 0)
      return io_failure("cannot rename '" + tmp.string() + "' to '" + file_.string() + "'",
                        errno);
    return std::nullopt;
  }
  // RENAME_NOREPLACE (or link(2) where a file system lacks it) fails if the final name
  // exists, unlike rename(2): no output is ever replaced.
  int rc = ::renameat2(AT_FDCWD, tmp.c_str(), AT_FDCWD, file_.c_str(), RENAME_NOREPLACE);
  int err = rc == 0 ? 0 : errno;
  if (err == EINVAL || err == ENOSYS) {
    rc = ::link(tmp.c_str(), file_.c_str());
    err = rc == 0 ? 0 : errno;
    if (rc == 0)
      ::unlink(tmp.c_str());
  }
  if (err == EEXIST)
    return error{errc::io_error,
                 "output file '" + file_.string()
                   + "' appeared while the job ran and is not overwritten; this run's lines "
                     "are in '" + tmp.string()
                   + "' (pass weir::write_mode::overwrite to replace existing output)"};
  if (err != 0)
    return io_failure("cannot give '" + tmp.string() + "' its final name '" + file_.string()
                        + "'",
                      err);
  return std::nullopt;
}

void part_file::abandon() noexcept {
  if (fd_ < 0)
    return;
  (void) flush();
  ::close(fd_);
  fd_ = -1;
}

} // namespace weir::flow
