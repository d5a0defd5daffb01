#pragma once

#include "weir/collector.hpp"
#include "weir/flow/operators/function_operator.hpp"
#include "weir/flow/timestamp_propagation.hpp"
#include "weir/process_context.hpp"

namespace weir::flow {

/// process: a function with a context for side outputs. `F` is called as
/// f(const In&, process_context&, collector<Out>&); ctx.timestamp() is the record's timestamp,
/// which every record it emits (main or side output) takes; side outputs go out after the batch.
template <class In, class Out, class F>
class process_operator final : public function_operator<In, Out, F> {
  using function_operator<In, Out, F>::f_;

public:
  process_operator(runtime_context ctx, F f)
    : function_operator<In, Out, F>(std::move(ctx), std::move(f)), pctx_(this->context()) {}

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
  process_context pctx_;
  record_batch<Out> out_buf_;
};

} // namespace weir::flow
