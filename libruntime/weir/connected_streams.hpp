#pragma once

#include <memory>
#include <string>
#include <utility>

#include "weir/data_stream.hpp"
#include "weir/detail/co_stream_functions.hpp"
#include "weir/detail/two_input_node.hpp"
#include "weir/flow/operators/co_process_operator.hpp"

namespace weir {

/// Two streams of possibly different types processed by one operator with two inputs
/// (Flink's ConnectedStreams): co_map, co_flat_map (two functions, or one co_map_function /
/// co_flat_map_function object serving both inputs) and process (a co_process_function).
/// key_by(key1, key2) partitions both by key for keyed state shared by both inputs.
template <class A, class B>
class connected_streams : public detail::co_stream_functions<connected_streams<A, B>, A, B> {
public:
  connected_streams(environment* env, int first, int second)
    : env_(env), first_(first), second_(second) {}

  /// Partitions the first input by `K key1(const A&)` and the second by `K key2(const B&)`
  /// (one key type), so that records with equal keys meet in one instance; functions may then
  /// keep keyed state shared by both inputs. Defined in keyed_connected_streams.hpp.
  template <class KeySelector1, class KeySelector2>
  auto key_by(KeySelector1 key1, KeySelector2 key2);

private:
  friend detail::co_stream_functions<connected_streams<A, B>, A, B>;

  template <class F>
  auto add(std::string name, F f, bool emits_side_outputs = false) {
    using Out = typename F::output_type;
    return detail::add_two_input_operation<Out>(
      env_, std::move(name), first_, second_,
      [f](const runtime_context& ctx) {
        return std::make_unique<flow::co_process_operator<A, B, Out, F>>(ctx, f);
      },
      emits_side_outputs);
  }

  environment* env_;
  int first_;
  int second_;
};

} // namespace weir
