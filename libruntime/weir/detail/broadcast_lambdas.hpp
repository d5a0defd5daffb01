#pragma once

#include "weir/broadcast_context.hpp"
#include "weir/collector.hpp"

namespace weir::detail {

/// The two-lambda form of a (keyed) broadcast process function: `element` handles the data
/// input with a read-only context `ReadOnly`, `broadcast` the broadcast input.
template <class A, class B, class Out, class ReadOnly, class F1, class F2>
struct broadcast_lambdas {
  F1 element;
  F2 broadcast;
  void process_element(const A& v, ReadOnly& c, collector<Out>& out) { element(v, c, out); }
  void process_broadcast_element(const B& v, broadcast_context& c, collector<Out>& out) {
    broadcast(v, c, out);
  }
};

} // namespace weir::detail
