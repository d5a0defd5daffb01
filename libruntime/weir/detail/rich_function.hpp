#pragma once

#include <type_traits>

#include "weir/runtime_context.hpp"

namespace weir::detail {

// A user function object may be "rich" (Flink's RichFunction): if it has open(ctx) and/or
// close(), the operator calls them. Plain lambdas have neither. A member named `open` or
// `close` that cannot be called that way is a mistake (a typo in the parameter, a missing
// const): it would silently never run, so it does not compile.

namespace probe {
struct members {
  void open();
  void close();
};
/// Ambiguous (so &both<F>::open is ill-formed) exactly when F has a member named open.
template <class F>
struct both : F, members {};
} // namespace probe

/// F declares a member named `open` (function, template or overload set), callable or not.
template <class F>
concept has_member_open =
  std::is_class_v<F>
  && (requires { &F::open; }
      || (!std::is_final_v<F> && !requires { &probe::both<F>::open; }));

/// F declares a member named `close`.
template <class F>
concept has_member_close =
  std::is_class_v<F>
  && (requires { &F::close; }
      || (!std::is_final_v<F> && !requires { &probe::both<F>::close; }));

template <class F>
void open_function(F& f, const runtime_context& ctx) {
  constexpr bool callable = requires { f.open(ctx); };
  static_assert(callable || !has_member_open<F>,
                "weir: a function object's member `open` must be callable as "
                "`void open(const weir::runtime_context&)` (Flink's RichFunction::open); Weir "
                "calls it before the first record. Fix its parameter, or rename it if Weir "
                "should not call it");
  if constexpr (callable)
    f.open(ctx);
}

template <class F>
void close_function(F& f) {
  constexpr bool callable = requires { f.close(); };
  static_assert(callable || !has_member_close<F>,
                "weir: a function object's member `close` must be callable as `void close()` "
                "(Flink's RichFunction::close); Weir calls it after the last record. Fix its "
                "parameters, or rename it if Weir should not call it");
  if constexpr (callable)
    f.close();
}

} // namespace weir::detail
