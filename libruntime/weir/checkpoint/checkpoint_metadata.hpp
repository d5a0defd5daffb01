#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "weir/error.hpp"
#include "weir/flow/key_group.hpp"
#include "weir/ids.hpp"

namespace weir::checkpoint {

/// One parallel instance's part of one operator's snapshot. Paths are relative to the
/// checkpoint's directory (chk-<n>/ or the savepoint directory), so that a savepoint can be
/// moved; empty = that part has nothing.
struct subtask_state {
  int subtask = 0;
  /// Key groups the instance owned (keyed operators; empty range otherwise).
  flow::key_group_range key_groups{};
  /// Keyed state backend snapshot (state/snapshot_format), read back by key group.
  std::string keyed;
  /// Operator state backend snapshot (lists, union lists, broadcast state, source positions).
  std::string operator_state;
  /// Key-grouped parts the operator keeps outside its backends: timers, window contents.
  /// Same file format as `keyed`.
  std::string extras;
  /// In-flight batches of an unaligned checkpoint, on the task's input and output channels
  /// (only on the head operator of a chain).
  std::string channel_state;
  /// The task's input and output watermarks at the checkpoint (only on the head operator of
  /// a chain; absent before the first watermark): a restore starts from them, so that the
  /// same records are late as in a run without the restore.
  std::optional<std::int64_t> input_watermark;
  std::optional<std::int64_t> output_watermark;
  /// Bytes written for this instance.
  std::uint64_t bytes = 0;

  bool operator==(const subtask_state&) const = default;
};

/// One operator's snapshot: all its parallel instances.
struct operator_snapshot {
  /// What matches the operator on restore: its uid, or one derived from its position in the
  /// graph when it has none (as Flink's generated operator ids; set a uid to be able to change
  /// the job's shape and still restore).
  std::string id;
  std::string name;
  int parallelism = 1;
  int max_parallelism = 128;
  std::vector<subtask_state> subtasks; ///< by subtask index, every instance once

  bool operator==(const operator_snapshot&) const = default;
};

/// What a task acknowledges for a checkpoint: a part per operator of its chain that has state.
struct task_snapshot {
  struct part {
    std::string operator_id;
    std::string operator_name;
    int parallelism = 1;
    int max_parallelism = 128;
    subtask_state state;
    bool operator==(const part&) const = default;
  };
  std::vector<part> parts;
  bool operator==(const task_snapshot&) const = default;
};

/// The `_metadata` manifest of a completed checkpoint or savepoint (Flink's layout:
/// `<checkpoint dir>/<job id>/chk-<n>/_metadata`).
struct checkpoint_metadata {
  static constexpr std::uint32_t current_version = 1;
  std::uint32_t version = current_version;
  std::string job_id;
  std::string job_name;
  checkpoint_id id{0};
  bool savepoint = false;
  /// Wall-clock time of the trigger, ms since the epoch.
  std::int64_t timestamp_ms = 0;
  std::vector<operator_snapshot> operators;

  /// The operator with `id`, or null.
  [[nodiscard]] const operator_snapshot* find(const std::string& id) const;
  /// Adds a task's acknowledged parts, merging instances of the same operator: the first part
  /// of an operator creates it (id, name, parallelism, max parallelism); subtasks stay sorted
  /// by index, and a subtask acknowledged again replaces its earlier part.
  void add(const task_snapshot& snapshot);
  /// Sum of the subtasks' `bytes`.
  [[nodiscard]] std::uint64_t total_bytes() const noexcept;

  bool operator==(const checkpoint_metadata&) const = default;
};

/// Name of the manifest file inside a checkpoint or savepoint directory.
inline constexpr const char* metadata_file_name = "_metadata";

/// Writes `meta` as `<directory>/_metadata` atomically: a temporary file with a unique name
/// (`_metadata.tmp.XXXXXX`), fsync, rename over any existing manifest, fsync of the directory;
/// creates `directory` if needed. The file is pretty-printed JSON with a format marker, the
/// version and an FNV-1a checksum of its content. Errors name the file: io_error when writing
/// fails; internal when `meta` would not read back (a part path that is absolute or leaves the
/// directory, a subtask index outside the parallelism, a repeated operator id); and
/// invalid_configuration for a name that is not UTF-8. Safe to call from any thread, for
/// distinct directories concurrently.
[[nodiscard]] std::optional<error> write_metadata(const checkpoint_metadata& meta,
                                                  const std::filesystem::path& directory);

/// Reads the manifest at `path`: a checkpoint or savepoint directory, or its `_metadata` file.
/// Errors name the file and what to do: missing_input when it does not exist; state_error
/// when it is empty, truncated, not JSON, of a newer version, missing a field or holding one of
/// the wrong type (named as a JSON path, e.g. `operators[0].subtasks[1].keyed`), pointing
/// outside its directory, or not matching its checksum; io_error when it cannot be read.
[[nodiscard]] std::variant<checkpoint_metadata, error>
read_metadata(const std::filesystem::path& path);

/// `path/_metadata` if `path` is a directory, else `path`: the file read_metadata reads.
[[nodiscard]] std::filesystem::path metadata_path(const std::filesystem::path& path);

/// Why `path` cannot name a part of a checkpoint (absolute, or with a ".." component, so
/// that it could lie outside a moved savepoint), or nothing; "" (no part) is fine.
[[nodiscard]] std::optional<std::string> part_path_problem(const std::string& path);

} // namespace weir::checkpoint
