#pragma once

#include <chrono>
#include <concepts>
#include <memory>
#include <type_traits>
#include <utility>

#include "weir/codec/codec.hpp"
#include "weir/data_stream.hpp"
#include "weir/detail/signature.hpp"
#include "weir/detail/signature_checks.hpp"
#include "weir/detail/two_input_node.hpp"
#include "weir/flow/operators/interval_join_operator.hpp"
#include "weir/process_join_function.hpp"

namespace weir {

namespace detail {
/// `void f(const A&, const B&, process_join_context&, collector<Out>&)`; a conjunction in a
/// concept, so a void Out (an unknown signature) stops before collector<void> is formed.
template <class F, class A, class B, class Out>
concept join_callable = !std::is_void_v<Out>
                        && std::invocable<F&, const A&, const B&, process_join_context&,
                                          collector<Out>&>;
} // namespace detail

/// An interval join with its bounds (Flink's KeyedStream.IntervalJoined), from
/// interval_join::between: bounds are inclusive until lower_bound_exclusive() /
/// upper_bound_exclusive(); process(f) adds the join and returns its output stream. Holds no
/// resources; use it within the expression that built it, or copy it.
template <class K, class A, class B, class KeySelector1, class KeySelector2>
class interval_joined {
public:
  interval_joined(environment* env, int left, KeySelector1 key1, int right, KeySelector2 key2,
                  flow::interval_join_bounds bounds)
    : env_(env), left_(left), right_(right), key1_(std::move(key1)), key2_(std::move(key2)),
      bounds_(bounds) {}

  /// Excludes the lower bound: b.ts > a.ts + lower.
  interval_joined& lower_bound_exclusive() noexcept {
    bounds_.lower_inclusive = false;
    return *this;
  }
  /// Excludes the upper bound: b.ts < a.ts + upper.
  interval_joined& upper_bound_exclusive() noexcept {
    bounds_.upper_inclusive = false;
    return *this;
  }

  /// Joins with `f`, called per pair: a class derived from process_join_function<A, B, Out>,
  /// or `void f(const A& left, const B& right, process_join_function<A, B, Out>::context& ctx,
  /// collector<Out>& out)` (Out deduced from the collector, or named: process<Out>(f)). Both
  /// sides are buffered in keyed state, so A and B (and the key) need a weir::codec.
  template <class Out = detail::deduce, class F>
  auto process(F f) {
    constexpr bool codecs = has_codec<K> && has_codec<A> && has_codec<B>;
    static_assert(codecs,
                  "weir: interval_join buffers both inputs in keyed state (heap or RocksDB), "
                  "so the key type and both element types need a weir::codec; specialize "
                  "weir::codec<T> for your own types (see weir/codec/codec.hpp)");
    if constexpr (!codecs) {
      return; // no error cascade after the static_assert
    } else if constexpr (std::is_base_of_v<
                           process_join_function<A, B, typename detail::process_output<F>::type>,
                           F>) {
      using O = typename F::output_type;
      struct adapter {
        F fn;
        void open(const runtime_context& ctx) { fn.open(ctx); }
        void close() { fn.close(); }
        void operator()(const A& l, const B& r, process_join_context& c, collector<O>& out) {
          fn.process_element(l, r, c, out);
        }
      };
      return add<O>(adapter{std::move(f)});
    } else {
      using O = detail::output_of<Out, F, 3>;
      constexpr bool accepted = detail::join_callable<F, A, B, O>;
      static_assert(accepted,
                    "weir: interval join process expects `void(const A& left, const B& right, "
                    "weir::process_join_function<A, B, Out>::context&, weir::collector<Out>&)` "
                    "or a class derived from weir::process_join_function<A, B, Out>; for a "
                    "generic lambda name the output type: process<Out>(f)");
      if constexpr (accepted)
        return add<O>(std::move(f));
    }
  }

private:
  template <class Out, class F>
  data_stream<Out> add(F f) {
    return detail::add_two_input_operation<Out>(
      env_, "Interval Join", left_, right_,
      [f, key1 = key1_, key2 = key2_, bounds = bounds_](const runtime_context& ctx) {
        return std::make_unique<
          flow::interval_join_operator<K, A, B, Out, KeySelector1, KeySelector2, F>>(
          ctx, key1, key2, f, bounds);
      },
      /*emits_side_outputs=*/true);
  }

  environment* env_;
  int left_;
  int right_;
  KeySelector1 key1_;
  KeySelector2 key2_;
  flow::interval_join_bounds bounds_;
};

} // namespace weir
