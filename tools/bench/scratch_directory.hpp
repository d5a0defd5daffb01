#pragma once

#include <filesystem>
#include <variant>
#include <string>

#include "weir/error.hpp"

namespace weir::bench {

/// A directory of its own for one benchmark run (checkpoints), created empty under a parent
/// and removed with everything in it when the object goes. Lets a watcher look at exactly one
/// job's files. Not copyable; movable.
class scratch_directory {
public:
  /// Creates `<parent>/<prefix>XXXXXX` (mkdtemp); `parent` empty = the system temp dir. The
  /// error names the parent and the fix.
  [[nodiscard]] static std::variant<scratch_directory, error> create(const std::string& parent,
                                                                     const std::string& prefix);

  scratch_directory(scratch_directory&& other) noexcept : path_(std::move(other.path_)) {
    other.path_.clear();
  }
  scratch_directory& operator=(scratch_directory&&) = delete;
  scratch_directory(const scratch_directory&) = delete;
  scratch_directory& operator=(const scratch_directory&) = delete;
  ~scratch_directory();

  [[nodiscard]] const std::filesystem::path& path() const noexcept { return path_; }

private:
  explicit scratch_directory(std::filesystem::path p) : path_(std::move(p)) {}

  std::filesystem::path path_;
};

} // namespace weir::bench
