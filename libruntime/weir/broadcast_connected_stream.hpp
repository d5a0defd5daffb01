#pragma once

#include <memory>
#include <type_traits>
#include <typeinfo>

#include "weir/broadcast_process_function.hpp"
#include "weir/broadcast_stream.hpp"
#include "weir/data_stream.hpp"
#include "weir/detail/broadcast_lambdas.hpp"
#include "weir/detail/two_input_node.hpp"
#include "weir/flow/operators/broadcast_process_operator.hpp"

namespace weir {

/// A non-keyed stream of `A` connected with a broadcast stream of `B` (Flink's
/// BroadcastConnectedStream); process() adds the operator.
template <class A, class B>
class broadcast_connected_stream {
public:
  broadcast_connected_stream(environment* env, int first, broadcast_stream<B> second)
    : env_(env), first_(first), second_(std::move(second)) {}

  /// A class derived from broadcast_process_function<A, B, Out>; each instance gets a
  /// copy.
  template <class F>
  auto process(F f) {
    using O = typename detail::process_output<F>::type;
    using base = broadcast_process_function<A, B, O>;
    static_assert(std::is_base_of_v<base, F> && std::is_copy_constructible_v<F>,
                  "weir: process on a broadcast-connected stream expects a copyable class "
                  "derived from weir::broadcast_process_function<A, B, Out>, or two functions "
                  "`void(const A&, weir::read_only_broadcast_context&, weir::collector<Out>&)` "
                  "and `void(const B&, weir::broadcast_context&, weir::collector<Out>&)`");
    if constexpr (std::is_base_of_v<base, F>) // no error cascade after the static_assert
      return add<O>(std::move(f));
  }

  /// Two functions: `void element(const A&, read_only_broadcast_context&,
  /// collector<Out>&)` and `void broadcast(const B&, broadcast_context&,
  /// collector<Out>&)`. `Out` is deduced from the first's collector, or given as
  /// process<Out>(f1, f2) for generic lambdas.
  template <class Out = detail::deduce, class F1, class F2>
  auto process(F1 element, F2 broadcast) {
    using O = detail::output_of<Out, F1, 2>;
    constexpr bool accepted =
      !std::is_void_v<O>
      && std::invocable<F1&, const A&, read_only_broadcast_context&, collector<O>&>
      && std::invocable<F2&, const B&, broadcast_context&, collector<O>&>;
    static_assert(accepted,
                  "weir: process on a broadcast-connected stream expects two functions "
                  "`void(const A&, weir::read_only_broadcast_context&, weir::collector<Out>&)` "
                  "and `void(const B&, weir::broadcast_context&, weir::collector<Out>&)`, or a "
                  "class derived from weir::broadcast_process_function<A, B, Out>; for generic "
                  "lambdas name the output type: process<Out>(f1, f2)");
    if constexpr (accepted) {
      using lambdas = detail::broadcast_lambdas<A, B, O, read_only_broadcast_context, F1, F2>;
      return add<O>(lambdas{std::move(element), std::move(broadcast)});
    }
  }

private:
  template <class Out, class F>
  data_stream<Out> add(F f) {
    return detail::add_two_input_operation<Out>(
      env_, "Co-Process-Broadcast", first_, second_.id(),
      [f, states = second_.broadcast_state_declarations_ptr()](const runtime_context& ctx) {
        return std::make_unique<flow::broadcast_process_operator<A, B, Out, F>>(ctx, f, states);
      },
      /*emits_side_outputs=*/true);
  }

  environment* env_;
  int first_;
  broadcast_stream<B> second_;
};

template <class T>
template <class D, class... More>
broadcast_stream<T> data_stream<T>::broadcast(const D& descriptor, const More&... more) {
  static_assert(detail::is_map_state_descriptor<D>::value
                  && (detail::is_map_state_descriptor<More>::value && ...),
                "weir: broadcast(...) expects weir::map_state_descriptor<K, V> objects, one per "
                "broadcast state the connected function keeps");
  auto states = std::make_shared<broadcast_state_declarations>();
  states->add(descriptor.name(), typeid(D));
  (states->add(more.name(), typeid(More)), ...);
  auto part = broadcast();
  return broadcast_stream<T>{env_, part.id(), std::move(states)};
}

template <class T>
template <class U>
broadcast_connected_stream<T, U> data_stream<T>::connect(const broadcast_stream<U>& other) {
  return broadcast_connected_stream<T, U>{env_, id_, other};
}

} // namespace weir
