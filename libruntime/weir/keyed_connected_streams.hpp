#pragma once

#include <memory>
#include <string>
#include <type_traits>
#include <utility>

#include "weir/connected_streams.hpp"
#include "weir/detail/co_stream_functions.hpp"
#include "weir/detail/two_input_node.hpp"
#include "weir/flow/operators/keyed_co_process_operator.hpp"
#include "weir/keyed_stream.hpp"

namespace weir {

/// Two keyed streams connected (Flink's ConnectedStreams of two KeyedStreams), from
/// keyed_stream::connect(keyed_stream) or connected_streams::key_by(key1, key2). Both inputs
/// are partitioned by key group with the operator's max parallelism, so records with equal
/// keys, from either input, meet in one instance; each record is processed with its key
/// current, and keyed state declared in open() through runtime_context::get_state is shared by
/// both inputs per key. Takes what connected_streams takes, and keyed_co_process_function.
template <class K, class A, class B, class KeySelector1, class KeySelector2>
class keyed_connected_streams
  : public detail::co_stream_functions<
      keyed_connected_streams<K, A, B, KeySelector1, KeySelector2>, A, B> {
  using base = detail::co_stream_functions<keyed_connected_streams, A, B>;

public:
  using key_type = K;

  keyed_connected_streams(environment* env, int first, KeySelector1 key1, int second,
                          KeySelector2 key2)
    : env_(env), first_(first), second_(second), key1_(std::move(key1)), key2_(std::move(key2)) {}

  /// A class derived from keyed_co_process_function<K, A, B, Out> (with the current key in its
  /// context), or from co_process_function<A, B, Out>.
  template <class F>
  auto process(F f) {
    if constexpr (detail::keyed_co_process<F>) {
      constexpr bool accepted =
        std::is_same_v<typename F::key_type, K> && detail::co_inputs_are<F, A, B>;
      static_assert(accepted, "weir: process on keyed connected streams expects a class derived "
                              "from weir::keyed_co_process_function<K, A, B, Out> with their key "
                              "type K and record types A and B");
      if constexpr (accepted)
        return add("KeyedCoProcess", std::move(f), /*emits_side_outputs=*/true);
    } else {
      return base::process(std::move(f));
    }
  }

private:
  friend base;

  template <class F>
  auto add(std::string name, F f, bool emits_side_outputs = false) {
    using Out = typename F::output_type;
    return detail::add_two_input_operation<Out>(
      env_, std::move(name), first_, second_,
      [f, key1 = key1_, key2 = key2_](const runtime_context& ctx) {
        return std::make_unique<
          flow::keyed_co_process_operator<K, A, B, Out, KeySelector1, KeySelector2, F>>(
          ctx, key1, key2, f);
      },
      emits_side_outputs);
  }

  environment* env_;
  int first_;
  int second_;
  KeySelector1 key1_;
  KeySelector2 key2_;
};

template <class K, class T, class KeySelector>
template <class K2, class U, class KeySelector2>
keyed_connected_streams<K, T, U, KeySelector, KeySelector2>
keyed_stream<K, T, KeySelector>::connect(const keyed_stream<K2, U, KeySelector2>& other) {
  static_assert(std::is_same_v<K, K2>,
                "weir: connected keyed streams need one key type on both sides (records with "
                "equal keys meet in one instance and share keyed state); key both by the same "
                "type");
  return {&this->env(), this->id(), key_, other.id(), other.key_selector()};
}

template <class A, class B>
template <class KeySelector1, class KeySelector2>
auto connected_streams<A, B>::key_by(KeySelector1 key1, KeySelector2 key2) {
  auto first = data_stream<A>{env_, first_}.key_by(std::move(key1));
  auto second = data_stream<B>{env_, second_}.key_by(std::move(key2));
  return first.connect(second);
}

} // namespace weir
