#pragma once

#include <cerrno>
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include <fcntl.h>
#include <unistd.h>

#include "weir/error.hpp"

namespace weir::flow {

/// The directory of an exactly-once file sink and the names of its part files (Flink's
/// FileSink layout, simplified): instance `s` writes its n-th part under
/// `<dir>/.part-<s>-<n>.inprogress` and, once committed, the part is `<dir>/part-<s>-<n>`.
/// Readers see finished parts only; hidden names are work in progress. Every operation is
/// idempotent, so that a restored sink can repeat what a failed one may have done. Plain
/// value; any thread.
class part_file_directory {
public:
  explicit part_file_directory(std::filesystem::path dir) : dir_(std::move(dir)) {}

  [[nodiscard]] const std::filesystem::path& path() const noexcept { return dir_; }

  /// `<dir>/.part-<subtask>-<part>`: part_file adds ".inprogress" to it.
  [[nodiscard]] std::filesystem::path hidden_base(int subtask, std::uint64_t part) const {
    return dir_ / ("." + name(subtask, part));
  }
  [[nodiscard]] std::filesystem::path in_progress(int subtask, std::uint64_t part) const {
    return dir_ / ("." + name(subtask, part) + ".inprogress");
  }
  [[nodiscard]] std::filesystem::path finished(int subtask, std::uint64_t part) const {
    return dir_ / name(subtask, part);
  }

  /// Creates the directory (and its parents) if missing.
  [[nodiscard]] std::optional<error> create() const {
    std::error_code ec;
    std::filesystem::create_directories(dir_, ec);
    if (ec)
      return error{errc::io_error, "cannot create the output directory '" + dir_.string()
                                     + "' of an exactly-once file sink: " + ec.message()};
    return std::nullopt;
  }

  /// Makes what was written to the in-progress file durable (fsync).
  [[nodiscard]] std::optional<error> sync(int subtask, std::uint64_t part) const {
    auto p = in_progress(subtask, part);
    int fd = ::open(p.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
      return failure("cannot open '" + p.string() + "' to sync it", errno);
    int rc = ::fsync(fd);
    int err = errno;
    ::close(fd);
    if (rc != 0)
      return failure("syncing '" + p.string() + "' failed", err);
    return std::nullopt;
  }

  /// Gives the part its final name. Done already if the in-progress file is gone and the
  /// finished one exists; both gone is an error (the part's records would be lost).
  [[nodiscard]] std::optional<error> commit(int subtask, std::uint64_t part) const {
    auto from = in_progress(subtask, part);
    auto to = finished(subtask, part);
    if (std::rename(from.c_str(), to.c_str()) == 0)
      return std::nullopt;
    int err = errno;
    std::error_code ec;
    if (err == ENOENT && std::filesystem::exists(to, ec))
      return std::nullopt;
    return failure("cannot commit part file '" + from.string() + "' as '" + to.string()
                     + "' (a pending part that is missing loses its records)",
                   err);
  }

  /// Removes the in-progress file of a part if it is there.
  [[nodiscard]] std::optional<error> discard(int subtask, std::uint64_t part) const {
    auto p = in_progress(subtask, part);
    if (::unlink(p.c_str()) != 0 && errno != ENOENT)
      return failure("cannot remove '" + p.string() + "'", errno);
    return std::nullopt;
  }

  /// Removes the in-progress files of instance `subtask` numbered `from` or higher: what a
  /// failed run wrote after the checkpoint the job restores.
  [[nodiscard]] std::optional<error> discard_from(int subtask, std::uint64_t from) const {
    std::error_code ec;
    for (std::filesystem::directory_iterator it{dir_, ec}, end; !ec && it != end;
         it.increment(ec)) {
      auto n = parse(it->path().filename().string(), subtask, true);
      if (n && *n >= from)
        if (auto err = discard(subtask, *n))
          return err;
    }
    if (ec)
      return error{errc::io_error, "cannot list '" + dir_.string() + "': " + ec.message()};
    return std::nullopt;
  }

  /// One past the highest finished part of instance `subtask` (0 if none): where a sink that
  /// restores nothing starts numbering, so that it never overwrites committed output.
  [[nodiscard]] std::uint64_t next_after_finished(int subtask) const {
    std::uint64_t next = 0;
    std::error_code ec;
    for (std::filesystem::directory_iterator it{dir_, ec}, end; !ec && it != end;
         it.increment(ec))
      if (auto n = parse(it->path().filename().string(), subtask, false))
        next = std::max(next, *n + 1);
    return next;
  }

private:
  static std::string name(int subtask, std::uint64_t part) {
    return "part-" + std::to_string(subtask) + "-" + std::to_string(part);
  }

  // The part number of `file` if it is a finished (or, with `in_progress`, an in-progress)
  // part of `subtask`.
  static std::optional<std::uint64_t> parse(std::string_view file, int subtask,
                                            bool in_progress) {
    std::string prefix = std::string{in_progress ? "." : ""} + "part-" + std::to_string(subtask)
                         + "-";
    std::string_view suffix = in_progress ? ".inprogress" : "";
    if (file.size() <= prefix.size() + suffix.size() || !file.starts_with(prefix)
        || !file.ends_with(suffix))
      return std::nullopt;
    auto digits = file.substr(prefix.size(), file.size() - prefix.size() - suffix.size());
    std::uint64_t n = 0;
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
    if (ec != std::errc{} || end != digits.data() + digits.size())
      return std::nullopt;
    return n;
  }

  static error failure(const std::string& what, int err) {
    return error{errc::io_error, what + ": " + std::strerror(err)};
  }

  std::filesystem::path dir_;
};

} // namespace weir::flow
