#pragma once

#include <cstddef>
#include <cstdint>

#include "weir/flow/record_batch.hpp"

namespace weir::flow {

/// A context that does not want to know the current timestamp (flat_map has none).
struct no_timestamp_context {
  void set_timestamp(std::int64_t) noexcept {}
  void clear_timestamp() noexcept {}
};

/// The loop of every operator that emits zero or more records per input record through a
/// collector (flat_map, process functions, keyed and connected operators): calls `fn(record)`
/// for each record of `in`, with that record's timestamp current in `ctx` (a process_context,
/// or no_timestamp_context), and gives every record fn appended to `out.records` the timestamp
/// of the input record that produced it. For a batch without timestamps `ctx` has none and
/// `out` gets none. Precondition: `out` is aligned (its column empty or as long as its records).
template <class In, class Out, class Ctx, class Fn>
void for_each_propagating_timestamps(const record_batch<In>& in, record_batch<Out>& out,
                                     Ctx& ctx, Fn&& fn) {
  // One loop for both kinds of batch, testing a loop-invariant pointer: the compiler can
  // unswitch it after inlining, and the user function is inlined at one call site only (two
  // hand-written loops double the call sites of what it calls, e.g. the collector's push_back,
  // and GCC then stops inlining those; see channel_writer).
  const std::int64_t* timestamps = in.has_timestamps() ? in.timestamps.data() : nullptr;
  const std::size_t n = in.records.size();
  ctx.clear_timestamp();
  for (std::size_t i = 0; i < n; ++i) {
    if (timestamps != nullptr)
      ctx.set_timestamp(timestamps[i]);
    fn(in.records[i]);
    if (timestamps != nullptr)
      out.timestamps.resize(out.records.size(), timestamps[i]);
  }
  ctx.clear_timestamp();
}

} // namespace weir::flow
