#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "weir/error.hpp"
#include "weir/flow/operator_base.hpp"
#include "weir/flow/partitioner_kind.hpp"
#include "weir/flow/type_ops.hpp"
#include "weir/flow/writer_base.hpp"

namespace weir::flow {
class collect_target_base;
}

namespace weir::graph {

/// What a node of the logical graph is (Flink's Transformation kinds).
enum class node_kind {
  source,      ///< produces records; head of a task
  operation,   ///< one or two inputs, one output
  sink,        ///< one input, no output
  partition,   ///< virtual: sets the partitioner of the edge below it
  union_of,    ///< virtual: merges streams of one type
  side_output, ///< virtual: selects a tagged side output of its input
};

/// Makes one parallel instance of an operator.
using operator_factory =
  std::function<std::unique_ptr<flow::operator_base>(const runtime_context&)>;

/// Makes a writer for a partitioner that needs the record type and a user function.
using writer_factory =
  std::function<std::unique_ptr<flow::writer_base>(const flow::writer_context&)>;

/// One transformation of the logical graph, as the typed API recorded it.
struct stream_node {
  int id = 0;
  node_kind kind = node_kind::operation;
  std::string name;
  /// True once the program called name(...): the planner makes default names unique (a second
  /// "Keyed Aggregation" becomes "Keyed Aggregation (2)") and leaves given ones as they are.
  bool name_given = false;
  std::string uid;
  std::optional<int> parallelism;     ///< unset: the environment's default
  std::optional<int> max_parallelism; ///< unset: the environment's
  bool chaining_disabled = false;
  bool starts_new_chain = false;
  /// Upstream nodes; for two-input operations [first, second]; for unions all merged streams.
  std::vector<int> inputs;
  /// Record type of the output (null for sinks).
  const flow::type_ops* output_type = nullptr;
  operator_factory make_operator;
  /// Partition nodes: the partitioner, and a typed factory for key_group/custom.
  flow::partitioner_kind partitioner = flow::partitioner_kind::forward;
  writer_factory make_writer;
  /// Side-output nodes: the tag id.
  std::string tag;
  /// Checked before the job runs (e.g. that an input file exists).
  std::function<std::optional<error>()> validate;
  /// True for sources whose output is produced by one instance only (from_collection).
  bool non_parallel = false;
  /// True for operators whose function has a context that emits side outputs (process
  /// functions); get_side_output on any other operator is an invalid plan.
  bool emits_side_outputs = false;
  /// True for sinks that commit what they wrote only at the job's end (two-phase-commit
  /// sinks): the job then ends with a final checkpoint.
  bool commits_at_job_end = false;
  /// collect() sinks: where the records gather (a cluster ships them to the coordinator).
  std::shared_ptr<flow::collect_target_base> collected;
  /// Called once when the job ends for good (finished, failed, cancelled), with how: an actor
  /// source's inlet stops accepting records then.
  std::function<void(const std::string& how)> on_job_end;
  /// The operator talks to actors of the program's own process (an actor source or sink): the
  /// job runs embedded only.
  bool process_local = false;

  [[nodiscard]] bool is_virtual() const noexcept {
    return kind == node_kind::partition || kind == node_kind::union_of
           || kind == node_kind::side_output;
  }
};

} // namespace weir::graph
