#pragma once

#include <concepts>
#include <type_traits>

#include "weir/collector.hpp"
#include "weir/detail/signature.hpp"
#include "weir/key_hash.hpp"

namespace weir::detail {

// The compile-time checks of user functions, shared by data_stream and keyed_stream. Each
// names the accepted signatures in its message; instantiating one checks F.

/// map: `Out f(const T&)`; `output` is Out.
template <class T, class F>
struct map_signature {
  static_assert(std::invocable<F&, const T&>,
                "weir: map expects a function `Out(const T&)` (or `Out(T)`) of the stream's "
                "record type, or a class derived from weir::rich_map_function<T, Out>");
  using output = std::decay_t<std::invoke_result_t<F&, const T&>>;
  static_assert(!std::is_void_v<output>,
                "weir: a map function must return the mapped record; use flat_map with a "
                "collector to emit zero or more");
};

/// filter: `bool f(const T&)`.
template <class T, class F>
struct filter_signature {
  static_assert(std::invocable<F&, const T&>
                  && std::convertible_to<std::invoke_result_t<F&, const T&>, bool>,
                "weir: filter expects a predicate `bool(const T&)`, or a class derived from "
                "weir::rich_filter_function<T>");
};

/// flat_map: `void f(const T&, collector<Out>&)`; Out given or deduced from the collector.
template <class T, class Out, class F>
struct flat_map_signature {
  using output = output_of<Out, F, 1>;
  static_assert(!std::is_void_v<output> && std::invocable<F&, const T&, collector<output>&>,
                "weir: flat_map expects `void(const T&, weir::collector<Out>&)` or a class "
                "derived from weir::rich_flat_map_function<T, Out>; for a generic lambda name "
                "the output type: flat_map<Out>(f)");
};

/// key_by: `K f(const T&)` where K is equality comparable and has a weir::key_hash<K>; `key` is
/// K. `ok` lets the caller stop after the first message instead of cascading.
template <class T, class F>
struct key_selector_signature {
  static constexpr bool invocable = std::invocable<F&, const T&>;
  static_assert(invocable, "weir: key_by expects a key selector `K(const T&)`");
  using key = std::decay_t<typename std::conditional_t<
    invocable, std::invoke_result<F&, const T&>, std::type_identity<void>>::type>;
  static constexpr bool hashable =
    !invocable || (std::equality_comparable<key> && requires(const key& k) { key_hash<key>{}(k); });
  static_assert(hashable,
                "weir: a key must be equality comparable and hashable: specialize "
                "weir::key_hash<K> with `std::uint64_t operator()(const K&) const noexcept` (or "
                "std::hash<K>) for the key type, or key by fields that have one");
  static constexpr bool ok = invocable && hashable;
};

/// sum, min and max: the field they aggregate must be a number (min_by / max_by, and reduce
/// for anything else).
template <class Field>
struct arithmetic_field {
  static constexpr bool ok = std::is_arithmetic_v<std::remove_cvref_t<Field>>;
  static_assert(ok, "weir: sum, min and max aggregate an arithmetic field: sum<I>() for pairs "
                    "and tuples, sum(&T::member) for structs, sum() for a stream of numbers; for "
                    "another field type use min_by / max_by (with operator<) or reduce");
};

} // namespace weir::detail
