#pragma once

#include "weir/runtime_context.hpp"

namespace weir::detail {

// A user function object may be "rich" (Flink's RichFunction): if it has open(ctx) and/or
// close(), the operator calls them. Plain lambdas have neither.

template <class F>
void open_function(F& f, const runtime_context& ctx) {
  if constexpr (requires { f.open(ctx); })
    f.open(ctx);
}

template <class F>
void close_function(F& f) {
  if constexpr (requires { f.close(); })
    f.close();
}

} // namespace weir::detail
