#pragma once

#include <algorithm>
#include <cstddef>

#include "weir/detail/rich_function.hpp"
#include "weir/flow/one_input_operator.hpp"
#include "weir/flow/operators/user_function_checkpoints.hpp"

namespace weir::flow {

/// filter: keeps records for which the predicate holds, compacting the batch in place (and its
/// timestamp column with it, when there is one).
template <class T, class F>
class filter_operator final : public one_input_operator<T, T> {
public:
  filter_operator(runtime_context ctx, F f) : one_input_operator<T, T>(std::move(ctx)), f_(std::move(f)) {}

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

  void push(record_batch<T>& batch) override {
    this->records_in += batch.size();
    this->guarded([&] {
      if (batch.has_timestamps())
        compact_with_timestamps(batch);
      else
        std::erase_if(batch.records, [this](const T& r) { return !static_cast<bool>(f_(r)); });
      this->emit(batch);
    });
  }

private:
  void compact_with_timestamps(record_batch<T>& batch) {
    auto& records = batch.records;
    auto& timestamps = batch.timestamps;
    std::size_t kept = 0;
    for (std::size_t i = 0; i < records.size(); ++i) {
      if (!static_cast<bool>(f_(std::as_const(records[i]))))
        continue;
      if (kept != i) {
        records[kept] = std::move(records[i]);
        timestamps[kept] = timestamps[i];
      }
      ++kept;
    }
    records.erase(records.begin() + static_cast<std::ptrdiff_t>(kept), records.end());
    timestamps.resize(kept);
  }

  F f_;
  user_function_checkpoints<F> ckpt_;
};

} // namespace weir::flow
