#pragma once

#include <memory>
#include <string>

#include "weir/flow/key_group.hpp"
#include "weir/keyed_state_binding.hpp"
#include "weir/metrics/metric_group.hpp"
#include "weir/operator_state_binding.hpp"
#include "weir/state_backend_kind.hpp"

namespace weir::state {
template <class T>
class list_state;
template <class T>
class list_state_descriptor;
} // namespace weir::state

namespace weir::flow {
class queryable_state_table;
} // namespace weir::flow

namespace weir {

/// Where the keyed state of a job lives, as the environment configured it.
struct state_settings {
  state_backend_kind backend = state_backend_kind::heap;
  std::string directory;
  /// RocksDB: values of incremental windows kept on the heap per operator instance before the
  /// oldest windows move to RocksDB (configuration::window_cache_entries).
  std::size_t window_cache_entries = std::size_t{1} << 19;
};

/// What a running function may ask about itself (Flink's RuntimeContext). Passed to `open()`
/// of rich functions, sources and sinks; valid for the lifetime of the task. In functions of
/// a keyed stream (after key_by) it also hands out keyed state, scoped to the current key; in
/// every function it hands out operator state, scoped to the parallel instance.
class runtime_context {
public:
  runtime_context() = default;
  runtime_context(std::string task_name, int subtask, int parallelism, int max_parallelism,
                  flow::key_group_range key_groups)
    : task_name_(std::move(task_name)), subtask_(subtask), parallelism_(parallelism),
      max_parallelism_(max_parallelism), key_groups_(key_groups),
      metrics_(std::make_shared<metrics::metric_group>()) {}

  /// Name of the operator.
  [[nodiscard]] const std::string& task_name() const noexcept { return task_name_; }
  /// Index of this parallel instance, 0-based.
  [[nodiscard]] int index_of_this_subtask() const noexcept { return subtask_; }
  [[nodiscard]] int number_of_parallel_subtasks() const noexcept { return parallelism_; }
  [[nodiscard]] int max_number_of_parallel_subtasks() const noexcept { return max_parallelism_; }
  /// Key groups this instance owns (meaningful for keyed operators).
  [[nodiscard]] flow::key_group_range key_groups() const noexcept { return key_groups_; }

  /// The keyed state a descriptor names (value_state_descriptor<T> -> value_state<T>&, ...),
  /// created on first use; call it in open() and keep the reference. Throws a weir_exception
  /// outside a keyed stream, or if the name was declared with another type. Defined by the
  /// state layer (weir/state/runtime_context_state.hpp, included by weir/weir.hpp).
  template <class Descriptor>
  typename Descriptor::state_type& get_state(const Descriptor& descriptor) const;

  /// Operator (non-keyed) list state of this parallel instance, created on first use (Flink's
  /// OperatorStateStore::getListState; a keyed list comes from get_state). On a restore at
  /// another parallelism its elements are split evenly over the new instances. Works in
  /// functions of any stream, keyed or not; call it in open() and keep the reference. Throws a
  /// weir_exception if the name was declared with another type or mode. Defined by the state
  /// layer (weir/state/runtime_context_operator_state.hpp, included by weir/weir.hpp).
  template <class T>
  state::list_state<T>& get_list_state(const state::list_state_descriptor<T>& descriptor) const;

  /// Like get_list_state, but on a restore every instance gets the elements of all former
  /// instances (Flink's getUnionListState), e.g. for source offsets.
  template <class T>
  state::list_state<T>& get_union_list_state(
    const state::list_state_descriptor<T>& descriptor) const;

  /// This operator instance's metrics (Flink's getMetricGroup()): register counters, gauges
  /// and histograms in open() and keep the references; they are reported with the operator's
  /// own metrics (REST API, `/metrics`, `weir metrics`). Task thread only.
  [[nodiscard]] metrics::metric_group& metric_group() const {
    if (!metrics_)
      metrics_ = std::make_shared<metrics::metric_group>();
    return *metrics_;
  }
  /// The metric group if one exists (the runtime samples it), else null.
  [[nodiscard]] const metrics::metric_group* existing_metric_group() const noexcept {
    return metrics_.get();
  }

  // -- set up by the runtime -------------------------------------------------------------------
  void set_state_settings(state_settings s) { state_ = std::move(s); }
  [[nodiscard]] const state_settings& state() const noexcept { return state_; }
  void bind_keyed_state(std::shared_ptr<keyed_state_binding> b) { keyed_ = std::move(b); }
  [[nodiscard]] keyed_state_binding* keyed_state() const noexcept { return keyed_.get(); }
  void bind_operator_state(std::shared_ptr<operator_state_binding> b) {
    operator_ = std::move(b);
  }
  [[nodiscard]] operator_state_binding* operator_state() const noexcept { return operator_.get(); }
  /// Where get_state registers states whose descriptor is queryable (the task's table); null
  /// outside a task, where queryable names are ignored.
  void set_queryable_states(flow::queryable_state_table* t) noexcept { queryable_ = t; }
  [[nodiscard]] flow::queryable_state_table* queryable_states() const noexcept {
    return queryable_;
  }

private:
  state_settings state_;
  std::shared_ptr<keyed_state_binding> keyed_;
  std::shared_ptr<operator_state_binding> operator_;
  flow::queryable_state_table* queryable_ = nullptr;
  std::string task_name_;
  int subtask_ = 0;
  int parallelism_ = 1;
  int max_parallelism_ = 128;
  flow::key_group_range key_groups_{};
  mutable std::shared_ptr<metrics::metric_group> metrics_;
};

} // namespace weir
