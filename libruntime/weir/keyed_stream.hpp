#pragma once

#include <functional>
#include <tuple>

#include "weir/data_stream.hpp"
#include "weir/detail/rich_function_calls.hpp"
#include "weir/flow/operators/keyed_process_operator.hpp"
#include "weir/flow/operators/rolling_operator.hpp"
#include "weir/key_hash.hpp"
#include "weir/keyed_broadcast_connected_stream.hpp"
#include "weir/keyed_process_function.hpp"

namespace weir {

template <class K, class A, class B, class KeySelector1, class KeySelector2>
class keyed_connected_streams;

namespace detail {

/// Access to the field an aggregation works on: a tuple index, a member pointer, or the
/// record itself.
template <class T, class Field>
decltype(auto) field_of(T& record, const Field& f) {
  if constexpr (std::is_member_object_pointer_v<Field>)
    return (record.*f);
  else
    return f(record);
}

template <std::size_t I>
struct tuple_field {
  template <class T>
  decltype(auto) operator()(T& record) const {
    return (std::get<I>(record));
  }
};

struct whole_record {
  template <class T>
  T& operator()(T& record) const {
    return record;
  }
};

} // namespace detail

/// A stream partitioned by key (Flink's KeyedStream): records with equal keys reach the same
/// parallel instance. Adds keyed operations; every data_stream operation still applies.
/// `KeySelector` is the selector's own type, so extracting a key is an inlined call; spell the
/// type as keyed_stream<K, T> to hold any selector.
template <class K, class T, class KeySelector = std::function<K(const T&)>>
class keyed_stream : public data_stream<T> {
public:
  using key_type = K;

  keyed_stream(environment* env, int id, KeySelector key) : data_stream<T>(env, id), key_(std::move(key)) {}

  template <class OtherSelector>
    requires(!std::is_same_v<OtherSelector, KeySelector>)
  keyed_stream(const keyed_stream<K, T, OtherSelector>& other)
    : data_stream<T>(&other.env(), other.id()), key_(other.key_selector()) {}

  [[nodiscard]] const KeySelector& key_selector() const noexcept { return key_; }

  using data_stream<T>::connect;

  /// Connects with another keyed stream of the same key type: co_map, co_flat_map and
  /// process then run keyed, and keyed state is shared by both inputs per key. Defined in
  /// keyed_connected_streams.hpp.
  template <class K2, class U, class KeySelector2>
  keyed_connected_streams<K, T, U, KeySelector, KeySelector2>
  connect(const keyed_stream<K2, U, KeySelector2>& other);

  /// Interval join with another keyed stream of the same key type (Flink's
  /// KeyedStream::intervalJoin): `.between(lower, upper)` then `.process(f)`. Returns a
  /// weir::interval_join<K, T, U, ...>; defined in interval_join.hpp.
  template <class K2, class U, class KeySelector2>
  auto interval_join(const keyed_stream<K2, U, KeySelector2>& other);

  /// Connects with a broadcast stream: process() then takes a
  /// keyed_broadcast_process_function<K, T, U, Out>, which may use keyed state on the data side.
  template <class U>
  keyed_broadcast_connected_stream<K, T, U, KeySelector> connect(const broadcast_stream<U>& other) {
    return {&this->env(), this->id(), key_, other};
  }

  /// Cuts the stream into windows per key (Flink's KeyedStream.window): returns a
  /// windowed_stream (weir/windowing.hpp) to choose the trigger, evictor, lateness and the
  /// window function on.
  template <class Assigner>
  auto window(Assigner assigner);
  /// Windows of `size` elements per key (Flink's countWindow): global windows with a purging
  /// count trigger. They never fire at end of input.
  auto count_window(std::int64_t size);
  /// Sliding count windows: the last `size` elements per key, every `slide` elements.
  auto count_window(std::int64_t size, std::int64_t slide);

  // Functions on a keyed stream run keyed: they may declare keyed state in open() through
  // runtime_context::get_state, scoped to the current record's key.

  /// A keyed process function: `void f(const T&, keyed_context<K>&, collector<Out>&)`, or an
  /// object derived from keyed_process_function<K, T, Out>.
  template <class Out = detail::deduce, class F>
  auto process(F f) {
    if constexpr (std::is_base_of_v<
                    keyed_process_function<K, T, typename detail::process_output<F>::type>, F>) {
      using O = typename F::output_type;
      struct adapter {
        F fn;
        void open(const runtime_context& ctx) { fn.open(ctx); }
        void close() { fn.close(); }
        void operator()(const T& v, keyed_context<K>& c, collector<O>& out) {
          fn.process_element(v, c, out);
        }
        void on_timer(event_time t, on_timer_context<K>& c, collector<O>& out) {
          fn.on_timer(t, c, out);
        }
      };
      return keyed<O>("KeyedProcess", adapter{std::move(f)}, side_outputs::emitted);
    } else {
      using O = detail::output_of<Out, F, 2>;
      static_assert(!std::is_void_v<O>
                      && std::invocable<F&, const T&, keyed_context<K>&, collector<O>&>,
                    "weir: keyed process expects `void(const T&, weir::keyed_context<K>&, "
                    "weir::collector<Out>&)` or a weir::keyed_process_function<K, T, Out>; for a "
                    "generic lambda name the output type: process<Out>(f)");
      return keyed<O>("KeyedProcess", std::move(f), side_outputs::emitted);
    }
  }

  /// map on a keyed stream: `Out f(const T&)`, or a rich_map_function<T, Out>; a rich
  /// function may use keyed state.
  template <class F>
  auto map(F f) {
    if constexpr (detail::rich_map<F>)
      return map(detail::map_call<F>{{std::move(f)}});
    else
      return keyed_map(std::move(f));
  }

  /// flat_map on a keyed stream: `void f(const T&, collector<Out>&)`, or a
  /// rich_flat_map_function<T, Out>.
  template <class Out = detail::deduce, class F>
  auto flat_map(F f) {
    if constexpr (detail::rich_flat_map<F>)
      return flat_map(detail::flat_map_call<F>{{std::move(f)}});
    else
      return keyed_flat_map<Out>(std::move(f));
  }

  /// filter on a keyed stream: `bool f(const T&)`, or a rich_filter_function<T>.
  template <class F>
  data_stream<T> filter(F f) {
    if constexpr (detail::rich_filter<F>)
      return filter(detail::filter_call<F>{{std::move(f)}});
    else
      return keyed_filter(std::move(f));
  }

  /// Rolling reduce per key: `T f(const T& accumulated, const T& record)`; emits the new
  /// accumulated value after every record.
  template <class F>
  data_stream<T> reduce(F f) {
    static_assert(std::is_invocable_r_v<T, F&, const T&, const T&>,
                  "weir: reduce expects `T(const T& accumulated, const T& value)`");
    struct combine {
      F fn;
      void open(const runtime_context& ctx) { detail::open_function(fn, ctx); }
      void close() { detail::close_function(fn); }
      void operator()(T& acc, const T& v) { acc = fn(std::as_const(acc), v); }
    };
    return rolling("Keyed Reduce", combine{std::move(f)});
  }

  /// Rolling sum of a field: sum<I>() for pairs and tuples, sum(&T::member), or sum() for a
  /// stream of numbers. Other fields keep the values of the key's first record (as in Flink).
  template <std::size_t I>
  data_stream<T> sum() { return sum(detail::tuple_field<I>{}); }
  template <class Field = detail::whole_record>
  data_stream<T> sum(Field field = {}) {
    if constexpr (detail::arithmetic_field<field_type<Field>>::ok)
      return rolling("Keyed Aggregation", [field](T& acc, const T& v) {
        detail::field_of(acc, field) += detail::field_of(const_cast<T&>(v), field);
      });
    else
      return *this;
  }

  /// Rolling minimum / maximum of a field; other fields keep the first record's values.
  template <std::size_t I>
  data_stream<T> min() { return min(detail::tuple_field<I>{}); }
  template <class Field = detail::whole_record>
  data_stream<T> min(Field field = {}) {
    if constexpr (detail::arithmetic_field<field_type<Field>>::ok)
      return rolling("Keyed Aggregation", [field](T& acc, const T& v) {
        auto& a = detail::field_of(acc, field);
        const auto& b = detail::field_of(const_cast<T&>(v), field);
        if (b < a)
          a = b;
      });
    else
      return *this;
  }
  template <std::size_t I>
  data_stream<T> max() { return max(detail::tuple_field<I>{}); }
  template <class Field = detail::whole_record>
  data_stream<T> max(Field field = {}) {
    if constexpr (detail::arithmetic_field<field_type<Field>>::ok)
      return rolling("Keyed Aggregation", [field](T& acc, const T& v) {
        auto& a = detail::field_of(acc, field);
        const auto& b = detail::field_of(const_cast<T&>(v), field);
        if (a < b)
          a = b;
      });
    else
      return *this;
  }

  /// Rolling record with the smallest / largest field; the first such record wins ties.
  template <std::size_t I>
  data_stream<T> min_by() { return min_by(detail::tuple_field<I>{}); }
  template <class Field = detail::whole_record>
  data_stream<T> min_by(Field field = {}) {
    return rolling("Keyed Aggregation", [field](T& acc, const T& v) {
      if (detail::field_of(const_cast<T&>(v), field) < detail::field_of(acc, field))
        acc = v;
    });
  }
  template <std::size_t I>
  data_stream<T> max_by() { return max_by(detail::tuple_field<I>{}); }
  template <class Field = detail::whole_record>
  data_stream<T> max_by(Field field = {}) {
    return rolling("Keyed Aggregation", [field](T& acc, const T& v) {
      if (detail::field_of(acc, field) < detail::field_of(const_cast<T&>(v), field))
        acc = v;
    });
  }

private:
  // map, flat_map and filter of plain function objects: each runs in the keyed process
  // operator, so that a rich function object may use keyed state.
  template <class F>
  auto keyed_map(F f) {
    using Out = typename detail::map_signature<T, F>::output;
    struct adapter : rich_adapter<F> {
      void operator()(const T& v, keyed_context<K>&, collector<Out>& out) {
        out.collect(this->fn(v));
      }
    };
    return keyed<Out>("Map", adapter{std::move(f)});
  }

  template <class Out, class F>
  auto keyed_flat_map(F f) {
    using O = typename detail::flat_map_signature<T, Out, F>::output;
    struct adapter : rich_adapter<F> {
      void operator()(const T& v, keyed_context<K>&, collector<O>& out) { this->fn(v, out); }
    };
    return keyed<O>("Flat Map", adapter{std::move(f)});
  }

  template <class F>
  data_stream<T> keyed_filter(F f) {
    (void) detail::filter_signature<T, F>{};
    struct adapter : rich_adapter<F> {
      void operator()(const T& v, keyed_context<K>&, collector<T>& out) {
        if (this->fn(v))
          out.collect(v);
      }
    };
    return keyed<T>("Filter", adapter{std::move(f)});
  }

  /// Type of the field an aggregation reads.
  template <class Field>
  using field_type = std::remove_cvref_t<decltype(detail::field_of(std::declval<T&>(),
                                                                   std::declval<const Field&>()))>;

  /// Holds a user function and forwards open/close to it, if it has them.
  template <class F>
  struct rich_adapter {
    F fn;
    void open(const runtime_context& ctx) { detail::open_function(fn, ctx); }
    void close() { detail::close_function(fn); }
  };

  using side_outputs = typename data_stream<T>::side_outputs;

  template <class Out, class F>
  data_stream<Out> keyed(std::string name, F f, side_outputs side = side_outputs::none) {
    auto key = key_;
    return this->template add_operator<Out>(
      std::move(name),
      [key, f](const runtime_context& ctx) {
        return std::make_unique<flow::keyed_process_operator<K, T, Out, KeySelector, F>>(ctx, key,
                                                                                         f);
      },
      side);
  }

  template <class Combine>
  data_stream<T> rolling(std::string name, Combine combine) {
    auto key = key_;
    auto out = this->template add_operator<T>(std::move(name), [key, combine](const runtime_context& ctx) {
      return std::make_unique<flow::rolling_operator<K, T, KeySelector, Combine>>(ctx, key, combine);
    });
    return out;
  }

  KeySelector key_;
};

template <class T>
template <class F>
auto data_stream<T>::key_by(F key_selector) {
  using check = detail::key_selector_signature<T, F>;
  if constexpr (check::ok) { // no error cascade after the static_assert
    using K = typename check::key;
    using sel = flow::key_group_selector<F>;
    auto part = add_partition(flow::partitioner_kind::key_group, "HASH",
                              [key_selector](const flow::writer_context& ctx)
                                -> std::unique_ptr<flow::writer_base> {
                                return std::make_unique<flow::channel_writer<T, sel>>(
                                  ctx, sel{ctx, key_selector});
                              });
    return keyed_stream<K, T, F>{env_, part.id(), std::move(key_selector)};
  }
}

} // namespace weir
