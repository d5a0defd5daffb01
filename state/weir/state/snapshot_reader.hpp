#pragma once

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <string_view>
#include <vector>

#include "weir/flow/key_group.hpp"
#include "weir/state/result.hpp"
#include "weir/state/state_meta.hpp"

namespace weir::state {

/// Reads a snapshot file (snapshot_format), checking magic, version, lengths and checksums;
/// every error names the file. Used by both backends' restore.
class snapshot_reader {
public:
  /// Called per record: the snapshot file, the state's meta, the key group, key and value
  /// bytes.
  using visitor =
    std::function<result<void>(const std::filesystem::path&, const state_meta&, flow::key_group,
                               std::string_view, std::string_view)>;

  /// Opens the snapshot in `directory` and reads its header.
  static result<std::unique_ptr<snapshot_reader>> open(const std::filesystem::path& directory);

  [[nodiscard]] int max_parallelism() const noexcept { return max_parallelism_; }
  [[nodiscard]] flow::key_group_range key_groups() const noexcept { return range_; }
  [[nodiscard]] const std::vector<state_meta>& states() const noexcept { return states_; }
  [[nodiscard]] const std::filesystem::path& file() const noexcept { return file_; }

  /// Visits the records of the key groups in `wanted`, seeking past the others; bytes after
  /// the last block are `snapshot_corrupt`.
  result<void> read(flow::key_group_range wanted, const visitor& visit);

  /// Restores from several snapshots (of any parallelism) the records of `owned` key groups.
  /// All snapshots must have `max_parallelism` key groups and agree on each state's meta.
  static result<void> read_all(const std::vector<std::filesystem::path>& directories,
                               int max_parallelism, flow::key_group_range owned,
                               const visitor& visit);

  snapshot_reader(const snapshot_reader&) = delete;
  snapshot_reader& operator=(const snapshot_reader&) = delete;

private:
  snapshot_reader() = default;
  result<void> read_exact(void* out, std::size_t size, const char* what);
  result<std::string> read_block(const char* what);
  [[nodiscard]] error truncated(const char* what) const;
  [[nodiscard]] error corrupt(const std::string& what) const;

  std::filesystem::path file_;
  std::ifstream in_;
  std::uint64_t size_ = 0;
  int max_parallelism_ = 0;
  flow::key_group_range range_{};
  std::vector<state_meta> states_;
};

} // namespace weir::state
