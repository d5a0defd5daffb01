#pragma once

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "weir/flow/key_group.hpp"
#include "weir/state/keyed_state_snapshot.hpp"
#include "weir/state/result.hpp"
#include "weir/state/snapshot_entry_sink.hpp"
#include "weir/state/state_meta.hpp"

namespace weir::state {

/// Writes one snapshot file (snapshot_format) key group by key group. Used by the
/// asynchronous part of both backends' snapshots; buffers one key group's block in memory.
class snapshot_writer {
public:
  /// Creates `directory` and the file in it and writes the header.
  static result<std::unique_ptr<snapshot_writer>>
  create(const std::filesystem::path& directory, int max_parallelism,
         flow::key_group_range key_groups, const std::vector<state_meta>& states);

  /// Starts the block of the next key group (they must come first..last, in order).
  void begin_key_group(flow::key_group group);
  /// Adds a record of state `state_index` to the current block.
  void add(std::size_t state_index, std::string_view key, std::string_view value);
  /// A sink that adds records of state `state_index`.
  snapshot_entry_sink& sink(std::size_t state_index);
  void end_key_group();
  /// Flushes and closes the file.
  result<keyed_state_snapshot> finish();

  snapshot_writer(const snapshot_writer&) = delete;
  snapshot_writer& operator=(const snapshot_writer&) = delete;
  ~snapshot_writer();

private:
  class state_sink final : public snapshot_entry_sink {
  public:
    void add(std::string_view key, std::string_view value) override {
      writer->add(index, key, value);
    }
    snapshot_writer* writer = nullptr;
    std::size_t index = 0;
  };

  snapshot_writer() = default;
  void write_block(std::string_view payload);

  std::filesystem::path directory_;
  std::filesystem::path file_;
  std::ofstream out_;
  flow::key_group_range range_{};
  flow::key_group current_{};
  std::string block_;
  state_sink sink_;
  std::uint64_t entries_ = 0;
  std::uint64_t bytes_ = 0;
};

} // namespace weir::state
