#pragma once

#include <tuple>
#include <type_traits>

#include "weir/collector.hpp"

namespace weir::detail {

/// Parameter list of a callable with exactly one operator() (lambdas that are not generic,
/// function objects, function pointers).
template <class F, class = void>
struct callable_traits {
  static constexpr bool known = false;
};

template <class R, class... A>
struct callable_traits<R (*)(A...)> {
  static constexpr bool known = true;
  using result = R;
  using args = std::tuple<A...>;
};

template <class C, class R, class... A>
struct callable_traits<R (C::*)(A...) const> : callable_traits<R (*)(A...)> {};
template <class C, class R, class... A>
struct callable_traits<R (C::*)(A...)> : callable_traits<R (*)(A...)> {};

template <class F>
struct callable_traits<F, std::void_t<decltype(&F::operator())>>
  : callable_traits<decltype(&F::operator())> {};

/// The `T` of a `collector<T>&` parameter, or void.
template <class P>
struct collector_value {
  using type = void;
};
template <class T>
struct collector_value<collector<T>&> {
  using type = T;
};

/// Output type of a function whose parameter `I` is a collector<Out>&; void if unknown.
template <class F, std::size_t I, class = void>
struct collected_type {
  using type = void;
};
template <std::size_t I, class Tuple, class = void>
struct arg_or_void {
  using type = void;
};
template <std::size_t I, class... A>
struct arg_or_void<I, std::tuple<A...>, std::enable_if_t<(I < sizeof...(A))>> {
  using type = std::tuple_element_t<I, std::tuple<A...>>;
};

template <class F, std::size_t I>
struct collected_type<F, I, std::enable_if_t<callable_traits<F>::known>> {
  using type = typename collector_value<
    typename arg_or_void<I, typename callable_traits<F>::args>::type>::type;
};

/// Marker for "deduce the output type from the function's signature".
struct deduce {};

template <class Explicit, class F, std::size_t I>
using output_of = std::conditional_t<std::is_same_v<Explicit, deduce>,
                                     typename collected_type<F, I>::type, Explicit>;

} // namespace weir::detail

namespace weir::detail {

/// `F::output_type` if F declares one (process_function subclasses), else void.
template <class F, class = void>
struct process_output {
  using type = void;
};
template <class F>
struct process_output<F, std::void_t<typename F::output_type>> {
  using type = typename F::output_type;
};

} // namespace weir::detail
