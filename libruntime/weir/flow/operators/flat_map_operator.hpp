#pragma once

#include "weir/collector.hpp"
#include "weir/detail/rich_function.hpp"
#include "weir/flow/one_input_operator.hpp"
#include "weir/flow/timestamp_propagation.hpp"

namespace weir::flow {

/// flat_map: each record emits zero or more records through a collector, each with the
/// timestamp of the record that produced it.
template <class In, class Out, class F>
class flat_map_operator final : public one_input_operator<In, Out> {
public:
  flat_map_operator(runtime_context ctx, F f) : one_input_operator<In, Out>(std::move(ctx)), f_(std::move(f)) {}

  void open() override { detail::open_function(f_, this->context()); }
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
  record_batch<Out> out_buf_;
};

} // namespace weir::flow
