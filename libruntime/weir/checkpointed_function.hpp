#pragma once

#include "weir/function_initialization_context.hpp"
#include "weir/function_snapshot_context.hpp"

namespace weir {

/// A user function that keeps state of its own through checkpoints (Flink's
/// CheckpointedFunction). Derive a source or sink function from it as well: the runtime calls
/// initialize_state once before open() (with the restored lists when the job restores a
/// checkpoint), and snapshot_state in the synchronous part of every checkpoint, after the last
/// record before the barrier. Keep what must survive a failure in the operator list state
/// the initialization context hands out; the runtime writes and restores it. Both run on the
/// task's thread, between records.
///
/// Today the user source (environment::add_source) and user sink (data_stream::add_sink)
/// honour it.
class checkpointed_function {
public:
  virtual ~checkpointed_function() = default;
  /// Copy what the function keeps on the heap into its operator state.
  virtual void snapshot_state(const function_snapshot_context& ctx) = 0;
  /// Get the operator state (ctx.get_list_state / get_union_list_state) and, if
  /// ctx.is_restored(), read it back.
  virtual void initialize_state(function_initialization_context& ctx) = 0;
};

} // namespace weir
