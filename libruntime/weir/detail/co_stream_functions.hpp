#pragma once

#include <concepts>
#include <string>
#include <type_traits>
#include <utility>

#include "weir/collector.hpp"
#include "weir/detail/co_function_calls.hpp"
#include "weir/detail/signature.hpp"

namespace weir::detail {

/// The functions connected streams of `A` and `B` take, shared by connected_streams and
/// keyed_connected_streams (`Derived`): each checks the user's function, brings it into the
/// co-operators' shape (co_function_calls.hpp) and hands it to `Derived::add(name, fn,
/// emits_side_outputs)`, which picks the keyed or non-keyed operator.
template <class Derived, class A, class B>
class co_stream_functions {
public:
  /// `Out f1(const A&)` for the first input and `Out f2(const B&)` for the second.
  template <class F1, class F2>
  auto co_map(F1 f1, F2 f2) {
    constexpr bool callable = std::invocable<F1&, const A&> && std::invocable<F2&, const B&>;
    static_assert(callable, "weir: co_map expects `Out(const A&)` and `Out(const B&)`, or one "
                            "object of a class derived from weir::co_map_function<A, B, Out>");
    if constexpr (callable) {
      using Out = std::decay_t<std::invoke_result_t<F1&, const A&>>;
      static_assert(std::is_same_v<Out, std::decay_t<std::invoke_result_t<F2&, const B&>>>,
                    "weir: both co_map functions must return the same type");
      return self().add("Co-Map", co_map_lambdas<A, B, Out, F1, F2>{{std::move(f1),
                                                                      std::move(f2)}});
    }
  }

  /// One object of a class derived from co_map_function<A, B, Out> serves both inputs.
  template <class F>
  auto co_map(F f) {
    constexpr bool accepted = co_function_of<F, co_map_function> && co_inputs_are<F, A, B>;
    static_assert(accepted,
                  "weir: co_map with one argument expects a class derived from "
                  "weir::co_map_function<A, B, Out> (map1 for the first input, map2 for the "
                  "second), or two functions `Out(const A&)` and `Out(const B&)`");
    if constexpr (accepted)
      return self().add("Co-Map", co_map_call<F>{{std::move(f)}});
  }

  /// `void f1(const A&, collector<Out>&)` and `void f2(const B&, collector<Out>&)`; for
  /// generic lambdas name the output: co_flat_map<Out>(f1, f2).
  template <class Out = deduce, class F1, class F2>
  auto co_flat_map(F1 f1, F2 f2) {
    using O = output_of<Out, F1, 1>;
    constexpr bool callable = !std::is_void_v<O> && std::invocable<F1&, const A&, collector<O>&>
                              && std::invocable<F2&, const B&, collector<O>&>;
    static_assert(callable,
                  "weir: co_flat_map expects `void(const A&, weir::collector<Out>&)` and "
                  "`void(const B&, weir::collector<Out>&)`, or one object of a class derived "
                  "from weir::co_flat_map_function<A, B, Out>; for generic lambdas name the "
                  "output type: co_flat_map<Out>(f1, f2)");
    if constexpr (callable)
      return self().add("Co-Flat Map",
                        co_flat_map_lambdas<A, B, O, F1, F2>{{std::move(f1), std::move(f2)}});
  }

  /// One object of a class derived from co_flat_map_function<A, B, Out> serves both inputs.
  template <class F>
  auto co_flat_map(F f) {
    constexpr bool accepted = co_function_of<F, co_flat_map_function> && co_inputs_are<F, A, B>;
    static_assert(accepted,
                  "weir: co_flat_map with one argument expects a class derived from "
                  "weir::co_flat_map_function<A, B, Out> (flat_map1 for the first input, "
                  "flat_map2 for the second), or two functions `void(const A&, "
                  "weir::collector<Out>&)` and `void(const B&, weir::collector<Out>&)`");
    if constexpr (accepted)
      return self().add("Co-Flat Map", co_flat_map_call<F>{{std::move(f)}});
  }

  /// A class derived from co_process_function<A, B, Out>: both inputs with a context that emits
  /// side outputs.
  template <class F>
  auto process(F f) {
    constexpr bool accepted = co_function_of<F, co_process_function> && co_inputs_are<F, A, B>;
    static_assert(accepted,
                  "weir: process on connected streams expects a class derived from "
                  "weir::co_process_function<A, B, Out>, or on keyed connected streams from "
                  "weir::keyed_co_process_function<K, A, B, Out>");
    if constexpr (accepted)
      return self().add("Co-Process", std::move(f), /*emits_side_outputs=*/true);
  }

private:
  Derived& self() { return static_cast<Derived&>(*this); }
};

} // namespace weir::detail
