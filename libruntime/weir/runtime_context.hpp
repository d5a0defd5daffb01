#pragma once

#include <string>

#include "weir/flow/key_group.hpp"

namespace weir {

/// What a running function may ask about itself (Flink's RuntimeContext). Passed to `open()`
/// of rich functions, sources and sinks; valid for the lifetime of the task. Keyed state
/// accessors come with the state backends.
class runtime_context {
public:
  runtime_context() = default;
  runtime_context(std::string task_name, int subtask, int parallelism, int max_parallelism,
                  flow::key_group_range key_groups)
    : task_name_(std::move(task_name)), subtask_(subtask), parallelism_(parallelism),
      max_parallelism_(max_parallelism), key_groups_(key_groups) {}

  /// Name of the operator.
  [[nodiscard]] const std::string& task_name() const noexcept { return task_name_; }
  /// Index of this parallel instance, 0-based.
  [[nodiscard]] int index_of_this_subtask() const noexcept { return subtask_; }
  [[nodiscard]] int number_of_parallel_subtasks() const noexcept { return parallelism_; }
  [[nodiscard]] int max_number_of_parallel_subtasks() const noexcept { return max_parallelism_; }
  /// Key groups this instance owns (meaningful for keyed operators).
  [[nodiscard]] flow::key_group_range key_groups() const noexcept { return key_groups_; }

private:
  std::string task_name_;
  int subtask_ = 0;
  int parallelism_ = 1;
  int max_parallelism_ = 128;
  flow::key_group_range key_groups_{};
};

} // namespace weir
