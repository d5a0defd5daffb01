#pragma once

#include <memory>
#include <type_traits>

#include "weir/broadcast_stream.hpp"
#include "weir/data_stream.hpp"
#include "weir/detail/broadcast_lambdas.hpp"
#include "weir/detail/two_input_node.hpp"
#include "weir/flow/operators/keyed_broadcast_process_operator.hpp"
#include "weir/keyed_broadcast_process_function.hpp"

namespace weir {

/// A keyed stream of `A` (key `K`) connected with a broadcast stream of `B` (Flink's
/// BroadcastConnectedStream over a KeyedStream); process() adds the operator, whose
/// function may use keyed state on the data side.
template <class K, class A, class B, class KeySelector>
class keyed_broadcast_connected_stream {
public:
  keyed_broadcast_connected_stream(environment* env, int first, KeySelector key,
                                   broadcast_stream<B> second)
    : env_(env), first_(first), key_(std::move(key)), second_(std::move(second)) {}

  /// A class derived from keyed_broadcast_process_function<K, A, B, Out>; each instance
  /// gets a copy.
  template <class F>
  auto process(F f) {
    using O = typename detail::process_output<F>::type;
    using base = keyed_broadcast_process_function<K, A, B, O>;
    static_assert(std::is_base_of_v<base, F> && std::is_copy_constructible_v<F>,
                  "weir: process on a keyed broadcast-connected stream expects a copyable class "
                  "derived from weir::keyed_broadcast_process_function<K, A, B, Out>, or two "
                  "functions `void(const A&, weir::keyed_read_only_broadcast_context<K>&, "
                  "weir::collector<Out>&)` and `void(const B&, weir::broadcast_context&, "
                  "weir::collector<Out>&)`");
    if constexpr (std::is_base_of_v<base, F>) // no error cascade after the static_assert
      return add<O>(std::move(f));
  }

  /// Two functions: `void element(const A&, keyed_read_only_broadcast_context<K>&,
  /// collector<Out>&)` and `void broadcast(const B&, broadcast_context&,
  /// collector<Out>&)`.
  template <class Out = detail::deduce, class F1, class F2>
  auto process(F1 element, F2 broadcast) {
    using O = detail::output_of<Out, F1, 2>;
    using ro = keyed_read_only_broadcast_context<K>;
    constexpr bool accepted = !std::is_void_v<O>
                              && std::invocable<F1&, const A&, ro&, collector<O>&>
                              && std::invocable<F2&, const B&, broadcast_context&, collector<O>&>;
    static_assert(accepted,
                  "weir: process on a keyed broadcast-connected stream expects two functions "
                  "`void(const A&, weir::keyed_read_only_broadcast_context<K>&, "
                  "weir::collector<Out>&)` and `void(const B&, weir::broadcast_context&, "
                  "weir::collector<Out>&)`, or a class derived from "
                  "weir::keyed_broadcast_process_function<K, A, B, Out>; for generic lambdas "
                  "name the output type: process<Out>(f1, f2)");
    if constexpr (accepted) {
      using lambdas = detail::broadcast_lambdas<A, B, O, ro, F1, F2>;
      return add<O>(lambdas{std::move(element), std::move(broadcast)});
    }
  }

private:
  template <class Out, class F>
  data_stream<Out> add(F f) {
    return detail::add_two_input_operation<Out>(
      env_, "Co-Process-Broadcast-Keyed", first_, second_.id(),
      [f, key = key_, states = second_.broadcast_state_declarations_ptr()](
        const runtime_context& ctx) {
        return std::make_unique<
          flow::keyed_broadcast_process_operator<K, A, B, Out, KeySelector, F>>(ctx, key, f,
                                                                                 states);
      },
      /*emits_side_outputs=*/true);
  }

  environment* env_;
  int first_;
  KeySelector key_;
  broadcast_stream<B> second_;
};

} // namespace weir
