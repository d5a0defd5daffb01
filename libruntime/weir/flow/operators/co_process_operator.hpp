#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "weir/collector.hpp"
#include "weir/detail/rich_function.hpp"
#include "weir/flow/timestamp_propagation.hpp"
#include "weir/flow/two_input_operator.hpp"
#include "weir/process_context.hpp"

namespace weir::flow {

/// Every function of (non-keyed) connected streams runs in this operator: one object `F`
/// serves both inputs, `F::process_element1(const A&, process_context&, collector<Out>&)` for
/// the first and `process_element2(const B&, ...)` for the second (co_process_function, or
/// the API's adapters of co_map / co_flat_map functions and lambdas). Side outputs go out after
/// each batch.
template <class A, class B, class Out, class F>
class co_process_operator final : public two_input_operator<A, B, Out> {
public:
  co_process_operator(runtime_context ctx, F f)
    : two_input_operator<A, B, Out>(std::move(ctx)), f_(std::move(f)), pctx_(this->context()) {}

  void open() override {
    this->guarded([&] { detail::open_function(f_, this->context()); });
  }
  void close() override { detail::close_function(f_); }

  void connect_side_output(const std::string&, std::unique_ptr<side_slot_base> slot) override {
    pctx_.add_slot(std::move(slot));
  }

protected:
  void process_first(const record_batch<A>& batch, record_batch<Out>& out) override {
    collector<Out> c{out.records};
    for_each_propagating_timestamps(batch, out, pctx_,
                                    [&](const A& r) { f_.process_element1(r, pctx_, c); });
  }
  void process_second(const record_batch<B>& batch, record_batch<Out>& out) override {
    collector<Out> c{out.records};
    for_each_propagating_timestamps(batch, out, pctx_,
                                    [&](const B& r) { f_.process_element2(r, pctx_, c); });
  }
  void after_batch() override { pctx_.flush_side_outputs(); }

private:
  F f_;
  process_context pctx_;
};

} // namespace weir::flow
