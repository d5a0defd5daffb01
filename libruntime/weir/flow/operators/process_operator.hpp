#pragma once

#include "weir/collector.hpp"
#include "weir/detail/rich_function.hpp"
#include "weir/flow/one_input_operator.hpp"
#include "weir/flow/operators/user_function_checkpoints.hpp"
#include "weir/flow/timestamp_propagation.hpp"
#include "weir/process_context.hpp"

namespace weir::flow {

/// process: a function with a context for side outputs. `F` is called as
/// f(const In&, process_context&, collector<Out>&); ctx.timestamp() is the record's timestamp,
/// which every record it emits (main or side output) takes; side outputs go out after the batch.
template <class In, class Out, class F>
class process_operator final : public one_input_operator<In, Out> {
public:
  process_operator(runtime_context ctx, F f)
    : one_input_operator<In, Out>(std::move(ctx)), f_(std::move(f)), pctx_(this->context()) {}

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

  void connect_side_output(const std::string&, std::unique_ptr<side_slot_base> slot) override {
    pctx_.add_slot(std::move(slot));
  }

  void push(record_batch<In>& batch) override {
    this->records_in += batch.size();
    this->guarded([&] {
      collector<Out> out{out_buf_.records};
      for_each_propagating_timestamps(batch, out_buf_, pctx_,
                                      [&](const In& r) { f_(r, pctx_, out); });
      this->emit(out_buf_);
      out_buf_.clear();
      pctx_.flush_side_outputs();
    });
  }

private:
  F f_;
  user_function_checkpoints<F> ckpt_;
  process_context pctx_;
  record_batch<Out> out_buf_;
};

} // namespace weir::flow
