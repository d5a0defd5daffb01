#pragma once

#include "weir/broadcast_context.hpp"
#include "weir/collector.hpp"
#include "weir/read_only_broadcast_context.hpp"
#include "weir/runtime_context.hpp"

namespace weir {

/// The function of a non-keyed stream connected with a broadcast stream (Flink's
/// BroadcastProcessFunction): process_element sees the data records with read-only
/// broadcast state, process_broadcast_element sees every broadcast record, in every
/// parallel instance, and may change the broadcast state. Subclass it (each instance gets
/// a copy), or pass two lambdas to broadcast_connected_stream::process. The order between
/// the two inputs is not defined: a data record may arrive before the broadcast records
/// sent earlier.
template <class In1, class In2, class Out>
class broadcast_process_function {
public:
  using input_type = In1;
  using broadcast_type = In2;
  using output_type = Out;
  using read_only_context = read_only_broadcast_context;
  using context = broadcast_context;

  virtual ~broadcast_process_function() = default;
  virtual void open(const runtime_context&) {}
  virtual void process_element(const In1& value, read_only_context& ctx, collector<Out>& out) = 0;
  virtual void process_broadcast_element(const In2& value, context& ctx, collector<Out>& out) = 0;
  virtual void close() {}
};

} // namespace weir
