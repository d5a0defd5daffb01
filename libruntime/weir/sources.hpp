#pragma once

#include "weir/data_stream.hpp"
#include "weir/flow/operators/actor_source.hpp"
#include "weir/flow/operators/collection_source.hpp"
#include "weir/flow/operators/generator_source.hpp"
#include "weir/flow/operators/user_source.hpp"

namespace weir {

// Definitions of environment's source templates (they need data_stream complete).

template <class T>
data_stream<T> environment::from_collection(std::vector<T> values) {
  auto shared = std::make_shared<const std::vector<T>>(std::move(values));
  graph::stream_node n;
  n.kind = graph::node_kind::source;
  n.name = "Collection Source";
  n.non_parallel = true;
  n.output_type = &flow::type_ops_of<T>();
  n.make_operator = [shared](const runtime_context& ctx) {
    return std::make_unique<flow::collection_source<T>>(ctx, shared);
  };
  return data_stream<T>{this, graph_.add(std::move(n)).id};
}

template <class F>
auto environment::generate(std::uint64_t count, F fn)
  -> data_stream<std::invoke_result_t<F&, std::uint64_t>> {
  using T = std::invoke_result_t<F&, std::uint64_t>;
  static_assert(!std::is_void_v<T> && !std::is_reference_v<T>,
                "weir: generate expects `T(std::uint64_t index)` returning a record by value");
  graph::stream_node n;
  n.kind = graph::node_kind::source;
  n.name = "Generator Source";
  n.output_type = &flow::type_ops_of<T>();
  n.make_operator = [count, fn](const runtime_context& ctx) {
    return std::make_unique<flow::generator_source<T, F>>(ctx, count, fn);
  };
  return data_stream<T>{this, graph_.add(std::move(n)).id};
}

template <class S>
data_stream<typename S::value_type> environment::add_source(S source, std::string name) {
  using T = typename S::value_type;
  static_assert(std::is_base_of_v<source_function<T>, S> && std::is_copy_constructible_v<S>,
                "weir: add_source expects a copyable class derived from weir::source_function<T>");
  graph::stream_node n;
  n.kind = graph::node_kind::source;
  n.name = std::move(name);
  n.parallelism = 1;
  n.output_type = &flow::type_ops_of<T>();
  n.make_operator = [source](const runtime_context& ctx) {
    return std::make_unique<flow::user_source<T, S>>(ctx, source);
  };
  return data_stream<T>{this, graph_.add(std::move(n)).id};
}

template <class T>
std::pair<data_stream<T>, inlet<T>> environment::from_actor(std::string name,
                                                            inlet_options options) {
  inlet<T> in{name, options};
  graph::stream_node n;
  n.kind = graph::node_kind::source;
  n.name = "Actor Source: " + name;
  n.non_parallel = true;
  n.output_type = &flow::type_ops_of<T>();
  auto buffer = in.buffer();
  n.make_operator = [buffer](const runtime_context& ctx) {
    return std::make_unique<flow::actor_source<T>>(ctx, buffer);
  };
  n.process_local = true;
  n.on_job_end = [weak = std::weak_ptr<flow::inlet_buffer<T>>(buffer)](const std::string& how) {
    if (auto b = weak.lock())
      b->job_ended(how);
  };
  return {data_stream<T>{this, graph_.add(std::move(n)).id}, std::move(in)};
}

} // namespace weir
