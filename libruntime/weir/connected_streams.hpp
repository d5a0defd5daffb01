#pragma once

#include "weir/data_stream.hpp"
#include "weir/detail/two_input_node.hpp"
#include "weir/flow/operators/co_operators.hpp"

namespace weir {

/// Two streams of possibly different types processed by one operator with two inputs
/// (Flink's ConnectedStreams).
template <class A, class B>
class connected_streams {
public:
  connected_streams(environment* env, int first, int second)
    : env_(env), first_(first), second_(second) {}

  /// `Out f1(const A&)` for the first input, `Out f2(const B&)` for the second.
  template <class F1, class F2>
  auto co_map(F1 f1, F2 f2) {
    static_assert(std::invocable<F1&, const A&> && std::invocable<F2&, const B&>,
                  "weir: co_map expects `Out(const A&)` and `Out(const B&)`");
    using Out = std::decay_t<std::invoke_result_t<F1&, const A&>>;
    static_assert(std::is_same_v<Out, std::decay_t<std::invoke_result_t<F2&, const B&>>>,
                  "weir: both co_map functions must return the same type");
    auto g1 = [f1](const A& a, collector<Out>& out) mutable { out.collect(f1(a)); };
    auto g2 = [f2](const B& b, collector<Out>& out) mutable { out.collect(f2(b)); };
    return add<Out>("Co-Map", std::move(g1), std::move(g2));
  }

  /// `void f1(const A&, collector<Out>&)` and `void f2(const B&, collector<Out>&)`.
  template <class Out = detail::deduce, class F1, class F2>
  auto co_flat_map(F1 f1, F2 f2) {
    using O = detail::output_of<Out, F1, 1>;
    static_assert(!std::is_void_v<O> && std::invocable<F1&, const A&, collector<O>&>
                    && std::invocable<F2&, const B&, collector<O>&>,
                  "weir: co_flat_map expects `void(const A&, weir::collector<Out>&)` and "
                  "`void(const B&, weir::collector<Out>&)`; for generic lambdas name the output "
                  "type: co_flat_map<Out>(f1, f2)");
    return add<O>("Co-Flat Map", std::move(f1), std::move(f2));
  }

private:
  template <class Out, class F1, class F2>
  data_stream<Out> add(std::string name, F1 f1, F2 f2) {
    return detail::add_two_input_operation<Out>(
      env_, std::move(name), first_, second_, [f1, f2](const runtime_context& ctx) {
        return std::make_unique<flow::co_flat_map_operator<A, B, Out, F1, F2>>(ctx, f1, f2);
      });
  }

  environment* env_;
  int first_;
  int second_;
};

} // namespace weir
