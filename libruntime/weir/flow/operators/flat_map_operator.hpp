#pragma once

#include "weir/collector.hpp"
#include "weir/flow/operators/function_operator.hpp"
#include "weir/flow/timestamp_propagation.hpp"

namespace weir::flow {

/// flat_map: each record emits zero or more records through a collector, each with the
/// timestamp of the record that produced it.
template <class In, class Out, class F>
class flat_map_operator final : public function_operator<In, Out, F> {
  using function_operator<In, Out, F>::f_;

public:
  flat_map_operator(runtime_context ctx, F f)
    : function_operator<In, Out, F>(std::move(ctx), std::move(f)) {}

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
  record_batch<Out> out_buf_;
};

} // namespace weir::flow
