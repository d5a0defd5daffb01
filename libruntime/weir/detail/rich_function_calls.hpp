#pragma once

#include <type_traits>

#include "weir/collector.hpp"
#include "weir/rich_filter_function.hpp"
#include "weir/rich_flat_map_function.hpp"
#include "weir/rich_map_function.hpp"
#include "weir/runtime_context.hpp"

namespace weir::detail {

// The rich function classes (rich_map_function, ...) as the function objects map, filter and
// flat_map take: each call type holds the user's object (its own type, so calls are not
// virtual once inlined) and forwards open and close.

template <class F>
concept rich_map = requires {
  typename F::input_type;
  typename F::output_type;
} && std::is_base_of_v<rich_map_function<typename F::input_type, typename F::output_type>, F>;

template <class F>
concept rich_filter = requires { typename F::input_type; }
                      && std::is_base_of_v<rich_filter_function<typename F::input_type>, F>;

template <class F>
concept rich_flat_map = requires {
  typename F::input_type;
  typename F::output_type;
} && std::is_base_of_v<rich_flat_map_function<typename F::input_type, typename F::output_type>,
                       F>;

/// Holds a rich function class and forwards its lifecycle.
template <class F>
struct rich_call {
  F fn;
  void open(const runtime_context& ctx) { fn.open(ctx); }
  void close() { fn.close(); }
};

template <class F>
struct map_call : rich_call<F> {
  typename F::output_type operator()(const typename F::input_type& v) { return this->fn.map(v); }
};

template <class F>
struct filter_call : rich_call<F> {
  bool operator()(const typename F::input_type& v) { return this->fn.filter(v); }
};

template <class F>
struct flat_map_call : rich_call<F> {
  void operator()(const typename F::input_type& v, collector<typename F::output_type>& out) {
    this->fn.flat_map(v, out);
  }
};

} // namespace weir::detail
