#pragma once

#include "weir/collector.hpp"
#include "weir/detail/rich_function.hpp"
#include "weir/flow/two_input_operator.hpp"

namespace weir::flow {

/// co_flat_map over connected streams: F1 handles the first input, F2 the second, each as
/// f(const X&, collector<Out>&). co_map is built on it by the API.
template <class A, class B, class Out, class F1, class F2>
class co_flat_map_operator final : public two_input_operator<A, B, Out> {
public:
  co_flat_map_operator(runtime_context ctx, F1 f1, F2 f2)
    : two_input_operator<A, B, Out>(std::move(ctx)), f1_(std::move(f1)), f2_(std::move(f2)) {}

  void open() override {
    detail::open_function(f1_, this->context());
    detail::open_function(f2_, this->context());
  }
  void close() override {
    detail::close_function(f1_);
    detail::close_function(f2_);
  }

protected:
  void process_first(std::vector<A>& batch, collector<Out>& out) override {
    for (const auto& r : batch)
      f1_(r, out);
  }
  void process_second(std::vector<B>& batch, collector<Out>& out) override {
    for (const auto& r : batch)
      f2_(r, out);
  }

private:
  F1 f1_;
  F2 f2_;
};

} // namespace weir::flow
