#pragma once

#include <utility>

#include "weir/detail/rich_function.hpp"
#include "weir/flow/one_input_operator.hpp"
#include "weir/flow/operators/user_function_checkpoints.hpp"

namespace weir::flow {

/// Base of the operators that run one user function `F` on one input (map, filter, flat_map,
/// process): opens and closes it as a rich function, and hands it the checkpoint hooks when it
/// derives from checkpointed_function / checkpoint_listener (Flink's CheckpointedFunction on
/// any rich function).
template <class In, class Out, class F>
class function_operator : public one_input_operator<In, Out> {
public:
  function_operator(runtime_context ctx, F f)
    : one_input_operator<In, Out>(std::move(ctx)), f_(std::move(f)) {}

  void open() override {
    ckpt_.ensure_initialized(f_, this->context());
    detail::open_function(f_, this->context());
  }
  void close() override { detail::close_function(f_); }

  void initialize_state(state_initialization_context& c) override {
    ckpt_.initialize(f_, this->context(), c);
  }
  void snapshot_state(state_snapshot_context& c) override { ckpt_.snapshot(f_, c); }
  void notify_checkpoint_complete(checkpoint_id id) override { ckpt_.complete(f_, id); }
  void notify_checkpoint_aborted(checkpoint_id id) override { ckpt_.aborted(f_, id); }

protected:
  F f_;

private:
  user_function_checkpoints<F> ckpt_;
};

} // namespace weir::flow
