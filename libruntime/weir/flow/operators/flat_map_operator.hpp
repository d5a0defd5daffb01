#pragma once

#include "weir/collector.hpp"
#include "weir/detail/rich_function.hpp"
#include "weir/flow/one_input_operator.hpp"
#include "weir/flow/operators/user_function_checkpoints.hpp"
#include "weir/flow/timestamp_propagation.hpp"

namespace weir::flow {

/// flat_map: each record emits zero or more records through a collector, each with the
/// timestamp of the record that produced it.
template <class In, class Out, class F>
class flat_map_operator final : public one_input_operator<In, Out> {
public:
  flat_map_operator(runtime_context ctx, F f) : one_input_operator<In, Out>(std::move(ctx)), f_(std::move(f)) {}

  void open() override {
    ckpt_.ensure_initialized(f_, this->context());
    detail::open_function(f_, this->context());
  }
  // A function that derives from checkpointed_function / checkpoint_listener hears about
  // checkpoints (Flink's CheckpointedFunction on any rich function).
  void initialize_state(state_initialization_context& c) override {
    ckpt_.initialize(f_, this->context(), c);
  }
  void snapshot_state(state_snapshot_context& c) override { ckpt_.snapshot(f_, c); }
  void notify_checkpoint_complete(checkpoint_id id) override { ckpt_.complete(f_, id); }
  void notify_checkpoint_aborted(checkpoint_id id) override { ckpt_.aborted(f_, id); }

  void close() override { detail::close_function(f_); }

  void push(record_batch<In>& batch) override {
    this->records_in += batch.size();
    this->guarded([&] {
      collector<Out> out{out_buf_.records};
      no_timestamp_context none;
      for_each_propagating_timestamps(batch, out_buf_, none, [&](const In& r) { f_(r, out); });
      this->emit(out_buf_);
      out_buf_.clear();
    });
  }

private:
  F f_;
  user_function_checkpoints<F> ckpt_;
  record_batch<Out> out_buf_;
};

} // namespace weir::flow
