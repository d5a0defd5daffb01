#pragma once

#include <type_traits>

#include "weir/co_flat_map_function.hpp"
#include "weir/co_map_function.hpp"
#include "weir/co_process_function.hpp"
#include "weir/collector.hpp"
#include "weir/detail/rich_function.hpp"
#include "weir/detail/rich_function_calls.hpp"
#include "weir/keyed_co_process_function.hpp"
#include "weir/runtime_context.hpp"

namespace weir::detail {

// Every function of connected streams reaches the co-operators in one shape: an object with
// process_element1(const A&, Ctx&, collector<Out>&) and process_element2(const B&, Ctx&,
// collector<Out>&), where Ctx is process_context or keyed_context<K>. co_process_function and
// keyed_co_process_function have it; the call types below give it to co_map / co_flat_map
// classes and lambda pairs.

/// F derives from `Base<first_input_type, second_input_type, output_type>`.
template <class F, template <class, class, class> class Base>
concept co_function_of = requires {
  typename F::first_input_type;
  typename F::second_input_type;
  typename F::output_type;
} && std::is_base_of_v<Base<typename F::first_input_type, typename F::second_input_type,
                            typename F::output_type>,
                       F>;

/// F derives from keyed_co_process_function<key_type, ...>.
template <class F>
concept keyed_co_process = requires {
  typename F::key_type;
  typename F::first_input_type;
  typename F::second_input_type;
  typename F::output_type;
} && std::is_base_of_v<keyed_co_process_function<typename F::key_type,
                                                 typename F::first_input_type,
                                                 typename F::second_input_type,
                                                 typename F::output_type>,
                       F>;

/// Whether F's inputs are A and B.
template <class F, class A, class B>
concept co_inputs_are = std::is_same_v<typename F::first_input_type, A>
                        && std::is_same_v<typename F::second_input_type, B>;

/// A co_map_function class.
template <class F>
struct co_map_call : rich_call<F> {
  using output_type = typename F::output_type;
  template <class Ctx>
  void process_element1(const typename F::first_input_type& v, Ctx&,
                        collector<output_type>& out) {
    out.collect(this->fn.map1(v));
  }
  template <class Ctx>
  void process_element2(const typename F::second_input_type& v, Ctx&,
                        collector<output_type>& out) {
    out.collect(this->fn.map2(v));
  }
};

/// A co_flat_map_function class.
template <class F>
struct co_flat_map_call : rich_call<F> {
  using output_type = typename F::output_type;
  template <class Ctx>
  void process_element1(const typename F::first_input_type& v, Ctx&,
                        collector<output_type>& out) {
    this->fn.flat_map1(v, out);
  }
  template <class Ctx>
  void process_element2(const typename F::second_input_type& v, Ctx&,
                        collector<output_type>& out) {
    this->fn.flat_map2(v, out);
  }
};

/// Two function objects, one per input; each may have open/close (a rich function object).
template <class F1, class F2>
struct co_pair {
  F1 f1;
  F2 f2;
  void open(const runtime_context& ctx) {
    open_function(f1, ctx);
    open_function(f2, ctx);
  }
  void close() {
    close_function(f1);
    close_function(f2);
  }
};

/// co_map(f1, f2): `Out f1(const A&)`, `Out f2(const B&)`.
template <class A, class B, class Out, class F1, class F2>
struct co_map_lambdas : co_pair<F1, F2> {
  using output_type = Out;
  template <class Ctx>
  void process_element1(const A& v, Ctx&, collector<Out>& out) {
    out.collect(this->f1(v));
  }
  template <class Ctx>
  void process_element2(const B& v, Ctx&, collector<Out>& out) {
    out.collect(this->f2(v));
  }
};

/// co_flat_map(f1, f2): `void f1(const A&, collector<Out>&)`, `void f2(const B&, ...)`.
template <class A, class B, class Out, class F1, class F2>
struct co_flat_map_lambdas : co_pair<F1, F2> {
  using output_type = Out;
  template <class Ctx>
  void process_element1(const A& v, Ctx&, collector<Out>& out) {
    this->f1(v, out);
  }
  template <class Ctx>
  void process_element2(const B& v, Ctx&, collector<Out>& out) {
    this->f2(v, out);
  }
};

} // namespace weir::detail
