#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "weir/flow/key_group.hpp"
#include "weir/ids.hpp"

namespace weir::flow {

/// What an operator writes in the synchronous part of a checkpoint besides its state
/// backends, which the runtime snapshots itself: structures it keeps on the heap for speed
/// (timers, window contents, rolling accumulators, source positions). Entries are bytes
/// (weir::codec). Implemented by the state layer; used on the task's thread only.
class state_snapshot_context {
public:
  virtual ~state_snapshot_context() = default;
  [[nodiscard]] virtual checkpoint_id checkpoint() const noexcept = 0;
  /// An entry of the key-grouped part `part`: on restore it goes to the instance that owns key
  /// group `group`, at any parallelism.
  virtual void add_keyed(std::string_view part, key_group group, std::string_view key,
                         std::string_view value) = 0;
  /// An element of the list part `part`: on restore at another parallelism the elements of all
  /// former instances are split evenly over the new ones (source positions, as splits).
  virtual void add_element(std::string_view part, std::string_view element) = 0;
};

/// What an operator reads back before open() when its job restores a checkpoint or savepoint
/// (Flink's StateInitializationContext). Implemented by the state layer.
class state_initialization_context {
public:
  using keyed_visitor =
    std::function<void(key_group group, std::string_view key, std::string_view value)>;
  virtual ~state_initialization_context() = default;
  /// True when the job restores state (from a checkpoint or savepoint that has this operator).
  [[nodiscard]] virtual bool is_restored() const noexcept = 0;
  /// Calls `visit` for each entry of key-grouped part `part` in the key groups this instance
  /// owns, from every former instance.
  virtual void for_each_keyed(std::string_view part, const keyed_visitor& visit) = 0;
  /// This instance's share of list part `part`.
  [[nodiscard]] virtual std::vector<std::string> elements(std::string_view part) = 0;
};

/// A state_initialization_context of a job that restores nothing.
class empty_initialization_context final : public state_initialization_context {
public:
  [[nodiscard]] bool is_restored() const noexcept override { return false; }
  void for_each_keyed(std::string_view, const keyed_visitor&) override {}
  [[nodiscard]] std::vector<std::string> elements(std::string_view) override { return {}; }
};

} // namespace weir::flow
