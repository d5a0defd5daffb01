#pragma once

#include "weir/broadcast_context.hpp"
#include "weir/collector.hpp"
#include "weir/keyed_read_only_broadcast_context.hpp"
#include "weir/runtime_context.hpp"

namespace weir {

/// The function of a keyed stream connected with a broadcast stream (Flink's
/// KeyedBroadcastProcessFunction): process_element sees each record with its key, keyed
/// state (declared in open() through get_state) and read-only broadcast state;
/// process_broadcast_element sees every broadcast record, in every parallel instance, and
/// may change the broadcast state, but has no current key, so keyed state is not
/// available there. Subclass it, or pass two lambdas to
/// keyed_broadcast_connected_stream::process.
template <class K, class In1, class In2, class Out>
class keyed_broadcast_process_function {
public:
  using key_type = K;
  using input_type = In1;
  using broadcast_type = In2;
  using output_type = Out;
  using read_only_context = keyed_read_only_broadcast_context<K>;
  using context = broadcast_context;

  virtual ~keyed_broadcast_process_function() = default;
  virtual void open(const runtime_context&) {}
  virtual void process_element(const In1& value, read_only_context& ctx, collector<Out>& out) = 0;
  virtual void process_broadcast_element(const In2& value, context& ctx, collector<Out>& out) = 0;
  virtual void close() {}
};

} // namespace weir
