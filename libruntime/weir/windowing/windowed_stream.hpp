#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "weir/collector.hpp"
#include "weir/data_stream.hpp"
#include "weir/detail/rich_function.hpp"
#include "weir/detail/signature.hpp"
#include "weir/error.hpp"
#include "weir/flow/operators/window_operator.hpp"
#include "weir/keyed_stream.hpp"
#include "weir/output_tag.hpp"
#include "weir/windowing/assigners.hpp"
#include "weir/windowing/evictors.hpp"
#include "weir/windowing/triggers.hpp"
#include "weir/windowing/window_contents.hpp"
#include "weir/windowing/window_function.hpp"
#include "weir/windowing/windows.hpp"

namespace weir {

namespace windowing_detail {

/// Emits the window's elements as they are (Flink's PassThroughWindowFunction).
struct pass_through {
  template <class K, class W, class E>
  void operator()(const K&, window_context<W>&, std::vector<E>& elements, collector<E>& out) {
    for (auto& e : elements)
      out.collect(std::move(e));
  }
};

/// A user's window function, in the one shape the operator calls: with the key (dropped for
/// window_all), the context, the elements and the collector; forwards open, close and clear.
template <bool All, class F>
struct process_call {
  F fn;
  void open(const runtime_context& ctx) { detail::open_function(fn, ctx); }
  void close() { detail::close_function(fn); }
  template <class W>
  void clear(window_context<W>& ctx) {
    if constexpr (requires { fn.clear(ctx); })
      fn.clear(ctx);
  }
  template <class K, class W, class E, class Out>
  void operator()(const K& key, window_context<W>& ctx, std::vector<E>& elements,
                  collector<Out>& out) {
    const std::vector<E>& all = elements;
    if constexpr (All) {
      (void) key;
      if constexpr (requires { fn.process(ctx, all, out); })
        fn.process(ctx, all, out);
      else
        fn(ctx, all, out);
    } else {
      if constexpr (requires { fn.process(key, ctx, all, out); })
        fn.process(key, ctx, all, out);
      else
        fn(key, ctx, all, out);
    }
  }
};

/// apply(fn): `fn(key, window, elements, out)` (no key for window_all).
template <bool All, class F>
struct apply_call {
  F fn;
  void open(const runtime_context& ctx) { detail::open_function(fn, ctx); }
  void close() { detail::close_function(fn); }
  template <class K, class W, class E, class Out>
  void operator()(const K& key, window_context<W>& ctx, std::vector<E>& elements,
                  collector<Out>& out) {
    const std::vector<E>& all = elements;
    if constexpr (All) {
      (void) key;
      fn(ctx.window(), all, out);
    } else {
      fn(key, ctx.window(), all, out);
    }
  }
};

template <class Agg, class In>
struct aggregate_types {
  using acc = std::remove_cvref_t<decltype(std::declval<Agg&>().create_accumulator())>;
  using result = std::remove_cvref_t<decltype(std::declval<Agg&>().get_result(
    std::declval<const acc&>()))>;
};

} // namespace windowing_detail

/// A keyed stream cut into windows (Flink's WindowedStream), or a whole stream for window_all
/// (K = void_key): choose the trigger, evictor, allowed lateness and late-data output, then
/// the function: reduce, aggregate (incremental), process or apply (all elements), or reduce /
/// aggregate followed by a process window function. Records a window emits take its
/// max_timestamp() as their timestamp. Window contents, trigger state and per-window state
/// live in the keyed state backend (heap or RocksDB), so the element, accumulator and key types
/// need a weir::codec.
template <class K, class T, class KeySelector, class Assigner, class Trigger, class Evictor>
class windowed_stream {
public:
  using window_type = typename Assigner::window_type;
  static constexpr bool all = std::is_same_v<K, void_key>;

  windowed_stream(data_stream<T> input, KeySelector key, Assigner assigner, Trigger trigger,
                  Evictor evictor, flow::window_options options)
    : input_(std::move(input)), key_(std::move(key)), assigner_(std::move(assigner)),
      trigger_(std::move(trigger)), evictor_(std::move(evictor)), options_(std::move(options)) {}

  /// Fires with `t` instead of the assigner's default trigger.
  template <class NewTrigger>
  windowed_stream<K, T, KeySelector, Assigner, NewTrigger, Evictor> trigger(NewTrigger t) const {
    return {input_, key_, assigner_, std::move(t), evictor_, options_};
  }

  /// Removes elements before and/or after the window function (the window then keeps every
  /// element, even under reduce or aggregate, as Flink's evicting windows do).
  template <class NewEvictor>
  windowed_stream<K, T, KeySelector, Assigner, Trigger, NewEvictor> evictor(NewEvictor e) const {
    return {input_, key_, assigner_, trigger_, std::move(e), options_};
  }

  /// Keeps event-time windows (and fires them again for each late element) until the
  /// watermark passes their end by `lateness`; later elements are late. Default 0.
  windowed_stream allowed_lateness(std::chrono::milliseconds lateness) const {
    if (lateness.count() < 0)
      throw weir_exception(error(errc::invalid_configuration,
                                 "allowed_lateness must not be negative, got "
                                   + std::to_string(lateness.count()) + " ms"));
    auto copy = *this;
    copy.options_.allowed_lateness = lateness.count();
    return copy;
  }

  /// Late elements (too late for every window they belong to) go to the side output `tag`
  /// (read it with get_side_output(tag) on the result) instead of being dropped.
  windowed_stream side_output_late_data(const output_tag<T>& tag) const {
    if (tag.id().empty())
      throw weir_exception(error(errc::invalid_configuration,
                                 "side_output_late_data: the output_tag needs a non-empty id"));
    auto copy = *this;
    copy.options_.late_data_tag = tag.id();
    return copy;
  }

  /// Incremental reduce: `T f(const T&, const T&)`; emits the reduced value per firing.
  template <class F>
  data_stream<T> reduce(F f) {
    static_assert(std::is_invocable_r_v<T, F&, const T&, const T&>,
                  "weir: a window reduce expects `T(const T& accumulated, const T& value)`");
    return reduce_impl<T>(std::move(f), windowing_detail::pass_through{}, "Window(Reduce)");
  }

  /// Incremental reduce, then `wf` (a process window function) sees the one reduced value.
  template <class Out = detail::deduce, class F, class WF>
  auto reduce(F f, WF wf) {
    static_assert(std::is_invocable_r_v<T, F&, const T&, const T&>,
                  "weir: a window reduce expects `T(const T& accumulated, const T& value)`");
    return reduce_impl<Out>(std::move(f), std::move(wf), "Window(Reduce, Process)");
  }

  /// Incremental aggregate (Flink's AggregateFunction: create_accumulator, add(value, acc),
  /// get_result(acc), and merge(acc, acc) for session windows); emits get_result per firing.
  template <class Agg>
  auto aggregate(Agg agg) {
    using R = typename windowing_detail::aggregate_types<Agg, T>::result;
    return aggregate_impl<R>(std::move(agg), windowing_detail::pass_through{}, "Window(Aggregate)");
  }

  /// Incremental aggregate, then `wf` sees the one result.
  template <class Out = detail::deduce, class Agg, class WF>
  auto aggregate(Agg agg, WF wf) {
    return aggregate_impl<Out>(std::move(agg), std::move(wf), "Window(Aggregate, Process)");
  }

  /// All elements of the window to `wf`: a process_window_function<T, Out, K, W> (for
  /// window_all a process_all_window_function<T, Out, W>) or a lambda `void(const K&,
  /// window_context<W>&, const std::vector<T>&, collector<Out>&)` (without the key for
  /// window_all).
  template <class Out = detail::deduce, class WF>
  auto process(WF wf) {
    using O = window_output<Out, WF, T>;
    return build<O>("Window(Process)", all_elements(),
                    windowing_detail::process_call<all, WF>{std::move(wf)});
  }

  /// All elements to `fn(const K&, const W&, const std::vector<T>&, collector<Out>&)` (Flink's
  /// WindowFunction; without the key for window_all).
  template <class Out = detail::deduce, class F>
  auto apply(F fn) {
    using O = std::conditional_t<std::is_same_v<Out, detail::deduce>,
                                 typename detail::collected_type<F, all ? 2 : 3>::type, Out>;
    static_assert(!std::is_void_v<O>, "weir: apply expects `void(const K&, const W&, const "
                                      "std::vector<T>&, weir::collector<Out>&)` (without the key "
                                      "for window_all); for a generic lambda name Out: "
                                      "apply<Out>(f)");
    return build<O>("Window(Apply)", all_elements(),
                    windowing_detail::apply_call<all, F>{std::move(fn)});
  }

private:
  /// Out of a window function over E: named, its output_type, or its collector's type.
  template <class Out, class WF, class E>
  using window_output = std::conditional_t<
    !std::is_same_v<Out, detail::deduce>, Out,
    std::conditional_t<!std::is_void_v<typename detail::process_output<WF>::type>,
                       typename detail::process_output<WF>::type,
                       typename detail::collected_type<WF, all ? 2 : 3>::type>>;

  template <class Out, class F, class WF>
  auto reduce_impl(F f, WF wf, const char* name) {
    using O = std::conditional_t<std::is_same_v<WF, windowing_detail::pass_through>, T,
                                 window_output<Out, WF, T>>;
    using ops = windowing_detail::reduce_ops<T, F>;
    auto call = wrap(std::move(wf));
    if constexpr (std::is_same_v<Evictor, no_evictor>)
      return build<O>(name, windowing_detail::incremental_contents<K, window_type, T, ops>{ops{std::move(f)}},
                      std::move(call));
    else
      return build<O>(name,
                      windowing_detail::evicting_contents<T, Evictor,
                                                          windowing_detail::incremental_finish<ops>>{
                        evictor_, {ops{std::move(f)}}},
                      std::move(call));
  }

  template <class Out, class Agg, class WF>
  auto aggregate_impl(Agg agg, WF wf, const char* name) {
    using types = windowing_detail::aggregate_types<Agg, T>;
    using Acc = typename types::acc;
    using R = typename types::result;
    static_assert(requires(Agg& a, const T& v, Acc acc) {
                    { a.add(v, std::move(acc)) } -> std::convertible_to<Acc>;
                  }, "weir: a window aggregate function needs create_accumulator() -> Acc, "
                     "add(const T&, Acc) -> Acc and get_result(const Acc&) -> R");
    using O = std::conditional_t<std::is_same_v<WF, windowing_detail::pass_through>, R,
                                 window_output<Out, WF, R>>;
    using ops = windowing_detail::aggregate_ops<T, Acc, R, Agg>;
    auto call = wrap(std::move(wf));
    if constexpr (std::is_same_v<Evictor, no_evictor>)
      return build<O>(name, windowing_detail::incremental_contents<K, window_type, T, ops>{ops{std::move(agg)}},
                      std::move(call));
    else
      return build<O>(
        name,
        windowing_detail::evicting_contents<T, Evictor,
                                            windowing_detail::incremental_finish<ops>>{
          evictor_, {ops{std::move(agg)}}},
        std::move(call));
  }

  /// Contents that keep every element (with their timestamps for an evictor).
  auto all_elements() const {
    if constexpr (std::is_same_v<Evictor, no_evictor>)
      return windowing_detail::list_contents<T>{};
    else
      return windowing_detail::evicting_contents<T, Evictor, windowing_detail::identity_finish<T>>{
        evictor_, {}};
  }

  template <class WF>
  auto wrap(WF wf) {
    if constexpr (std::is_same_v<WF, windowing_detail::pass_through>)
      return wf;
    else
      return windowing_detail::process_call<all, WF>{std::move(wf)};
  }

  template <class Out, class Contents, class Fn>
  data_stream<Out> build(const char* name, Contents contents, Fn fn) {
    static_assert(!std::is_void_v<Out>,
                  "weir: cannot tell the window function's output type: derive from "
                  "weir::process_window_function<In, Out, K, W>, take a weir::collector<Out>& "
                  "as its last parameter, or name it: process<Out>(f)");
    using op = flow::window_operator<K, T, Out, KeySelector, Assigner, Trigger, Contents, Fn>;
    auto key = key_;
    auto assigner = assigner_;
    auto trigger = trigger_;
    auto options = options_;
    auto out = input_.template add_operator<Out>(
      all ? std::string("All") + name : std::string(name),
      [=](const runtime_context& ctx) {
        return std::make_unique<op>(ctx, key, assigner, trigger, contents, fn, options);
      },
      data_stream<T>::side_outputs::emitted);
    if constexpr (all)
      out.set_parallelism(1);
    return out;
  }

  data_stream<T> input_;
  KeySelector key_;
  Assigner assigner_;
  Trigger trigger_;
  Evictor evictor_;
  flow::window_options options_;
};

template <class K, class T, class KeySelector>
template <class Assigner>
auto keyed_stream<K, T, KeySelector>::window(Assigner assigner) {
  using trigger_type = decltype(assigner.default_trigger());
  auto trigger = assigner.default_trigger();
  return windowed_stream<K, T, KeySelector, Assigner, trigger_type, no_evictor>{
    *this, this->key_selector(), std::move(assigner), std::move(trigger), no_evictor{}, {}};
}

template <class K, class T, class KeySelector>
auto keyed_stream<K, T, KeySelector>::count_window(std::int64_t size) {
  return window(global_windows::create()).trigger(purging_trigger<count_trigger>::of(
    count_trigger::of(size)));
}

template <class K, class T, class KeySelector>
auto keyed_stream<K, T, KeySelector>::count_window(std::int64_t size, std::int64_t slide) {
  return window(global_windows::create())
    .evictor(count_evictor::of(size))
    .trigger(count_trigger::of(slide));
}

template <class T>
template <class Assigner>
auto data_stream<T>::window_all(Assigner assigner) {
  auto keyed = key_by([](const T&) { return void_key{}; });
  using trigger_type = decltype(assigner.default_trigger());
  auto trigger = assigner.default_trigger();
  using selector = decltype(keyed.key_selector());
  return windowed_stream<void_key, T, std::remove_cvref_t<selector>, Assigner, trigger_type,
                         no_evictor>{keyed, keyed.key_selector(), std::move(assigner),
                                     std::move(trigger), no_evictor{}, {}};
}

template <class T>
auto data_stream<T>::count_window_all(std::int64_t size) {
  return window_all(global_windows::create())
    .trigger(purging_trigger<count_trigger>::of(count_trigger::of(size)));
}

template <class T>
auto data_stream<T>::count_window_all(std::int64_t size, std::int64_t slide) {
  return window_all(global_windows::create())
    .evictor(count_evictor::of(size))
    .trigger(count_trigger::of(slide));
}

} // namespace weir
