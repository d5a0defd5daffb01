#pragma once

#include <concepts>
#include <type_traits>

#include "weir/collector.hpp"
#include "weir/detail/signature.hpp"

namespace weir::detail {

// The compile-time checks of user functions, shared by data_stream and keyed_stream. Each
// names the accepted signatures in its message; instantiating one checks F.

/// map: `Out f(const T&)`; `output` is Out.
template <class T, class F>
struct map_signature {
  static_assert(std::invocable<F&, const T&>,
                "weir: map expects a function `Out(const T&)` (or `Out(T)`) of the stream's "
                "record type");
  using output = std::decay_t<std::invoke_result_t<F&, const T&>>;
  static_assert(!std::is_void_v<output>,
                "weir: a map function must return the mapped record; use flat_map with a "
                "collector to emit zero or more");
};

/// filter: `bool f(const T&)`.
template <class T, class F>
struct filter_signature {
  static_assert(std::invocable<F&, const T&>
                  && std::convertible_to<std::invoke_result_t<F&, const T&>, bool>,
                "weir: filter expects a predicate `bool(const T&)`");
};

/// flat_map: `void f(const T&, collector<Out>&)`; Out given or deduced from the collector.
template <class T, class Out, class F>
struct flat_map_signature {
  using output = output_of<Out, F, 1>;
  static_assert(!std::is_void_v<output> && std::invocable<F&, const T&, collector<output>&>,
                "weir: flat_map expects `void(const T&, weir::collector<Out>&)`; for a generic "
                "lambda name the output type: flat_map<Out>(f)");
};

} // namespace weir::detail
