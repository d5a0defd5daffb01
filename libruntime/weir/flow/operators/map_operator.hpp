#pragma once

#include <type_traits>
#include <utility>

#include "weir/detail/rich_function.hpp"
#include "weir/flow/one_input_operator.hpp"
#include "weir/flow/operators/user_function_checkpoints.hpp"

namespace weir::flow {

/// map: one record in, one out, with the input's timestamp. A map to the same type rewrites the
/// batch in place; to another type the timestamp column changes batches by a swap.
template <class In, class Out, class F>
class map_operator final : public one_input_operator<In, Out> {
public:
  map_operator(runtime_context ctx, F f) : one_input_operator<In, Out>(std::move(ctx)), f_(std::move(f)) {}

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
      if constexpr (std::is_same_v<In, Out>) {
        for (auto& r : batch.records)
          r = f_(std::as_const(r));
        this->emit(batch);
      } else {
        out_buf_.records.reserve(batch.size());
        for (const auto& r : batch.records)
          out_buf_.records.push_back(f_(r));
        // The caller clears the input afterwards: its column moves here, and our empty one
        // (with its capacity) goes back.
        out_buf_.timestamps.swap(batch.timestamps);
        this->emit(out_buf_);
        out_buf_.clear();
      }
    });
  }

private:
  F f_;
  user_function_checkpoints<F> ckpt_;
  record_batch<Out> out_buf_;
};

} // namespace weir::flow
