#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "weir/checkpoint/checkpoint_metadata.hpp"
#include "weir/error.hpp"
#include "weir/flow/key_group.hpp"

namespace weir::checkpoint_tool {

/// One state inside a part's snapshot file, with what the file holds of it.
struct state_summary {
  std::string name;
  /// Keyed: "value", "list", "map", "reducing", "aggregating"; operator state: its
  /// redistribution mode, "split-distribute list", "union list" or "broadcast".
  std::string kind;
  /// The stored type (keyed parts: "int", "std::string -> long"); empty for operator state,
  /// whose file does not record it.
  std::string type;
  bool ttl = false;
  std::uint64_t entries = 0;
  /// Key and value bytes of the entries (what the state holds, not the file's framing).
  std::uint64_t bytes = 0;
};

/// Which of a subtask's snapshot parts (checkpoint::subtask_state's fields).
enum class part_kind { keyed, operator_state, extras };

/// "keyed", "operator_state" or "extras", as the manifest names the field.
[[nodiscard]] const char* to_string(part_kind kind) noexcept;

/// One part of a subtask's snapshot, read with the state layer.
struct part_summary {
  part_kind kind = part_kind::keyed;
  /// As in the manifest: relative to the checkpoint directory.
  std::string path;
  /// The snapshot file read (or the part's directory, if it has none).
  std::filesystem::path file;
  std::uint64_t file_bytes = 0;
  /// Keyed and extras parts: the key groups and max parallelism the file's header records.
  std::optional<flow::key_group_range> key_groups;
  std::optional<int> max_parallelism;
  std::vector<state_summary> states;
  /// Why the part cannot be restored (missing, truncated, corrupt, or disagreeing with the
  /// manifest); the message names the file. Empty for a sound part.
  std::optional<std::string> problem;
};

/// One parallel instance: its manifest entry and the parts it has.
struct subtask_summary {
  checkpoint::subtask_state manifest;
  std::vector<part_summary> parts; ///< the non-empty ones, keyed, operator_state, extras
};

struct operator_summary {
  std::string id;
  std::string name;
  int parallelism = 1;
  int max_parallelism = 128;
  std::vector<subtask_summary> subtasks;
};

/// What `weir-checkpoint inspect` reports on a completed checkpoint or savepoint: its
/// manifest, and every part file it points at as the state layer reads it.
struct checkpoint_inspection {
  /// The checkpoint (chk-<n>) or savepoint directory.
  std::filesystem::path directory;
  /// Its _metadata file.
  std::filesystem::path manifest;
  checkpoint::checkpoint_metadata meta;
  std::vector<operator_summary> operators;
  /// Bytes of every regular file under `directory` (what it occupies, as `du` counts), and
  /// how many files.
  std::uint64_t total_bytes = 0;
  std::uint64_t files = 0;

  /// The parts' problems, in report order.
  [[nodiscard]] std::vector<std::string> problems() const;
};

/// Reads the manifest at `path` (a checkpoint or savepoint directory, or its _metadata file)
/// and every part it lists. An unreadable manifest is the error read_metadata returns; a
/// damaged part is not an error here but a `problem` of that part, so that one bad file does
/// not hide the rest. Reads every part file whole (checksums included).
[[nodiscard]] std::variant<checkpoint_inspection, error>
inspect_checkpoint(const std::filesystem::path& path);

} // namespace weir::checkpoint_tool
