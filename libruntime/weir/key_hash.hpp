#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <tuple>
#include <utility>

namespace weir {

/// Hash of a key, used for key groups and keyed maps. Defaults to std::hash; pairs and tuples
/// combine their members. Specialize `weir::key_hash<K>` (or std::hash) for an own key type.
/// Without either, the call operator does not exist (rather than failing inside it), so that
/// key_by reports the missing hash with its own static_assert.
template <class K>
struct key_hash {
  std::uint64_t operator()(const K& key) const noexcept(noexcept(std::hash<K>{}(key)))
    requires requires { static_cast<std::uint64_t>(std::hash<K>{}(key)); }
  {
    return static_cast<std::uint64_t>(std::hash<K>{}(key));
  }
};

namespace detail {
inline std::uint64_t hash_combine(std::uint64_t seed, std::uint64_t h) noexcept {
  return seed ^ (h + 0x9e3779b97f4a7c15ULL + (seed << 6) + (seed >> 2));
}
} // namespace detail

template <class A, class B>
struct key_hash<std::pair<A, B>> {
  std::uint64_t operator()(const std::pair<A, B>& p) const noexcept
    requires requires { key_hash<A>{}(p.first); key_hash<B>{}(p.second); }
  {
    return detail::hash_combine(key_hash<A>{}(p.first), key_hash<B>{}(p.second));
  }
};

template <class... Ts>
struct key_hash<std::tuple<Ts...>> {
  std::uint64_t operator()(const std::tuple<Ts...>& t) const noexcept
    requires(requires(const Ts& x) { key_hash<Ts>{}(x); } && ...)
  {
    std::uint64_t seed = 0;
    std::apply([&](const auto&... xs) {
      ((seed = detail::hash_combine(seed, key_hash<std::decay_t<decltype(xs)>>{}(xs))), ...);
    }, t);
    return seed;
  }
};

/// Adapter for std::unordered_map.
template <class K>
struct key_hasher {
  std::size_t operator()(const K& key) const noexcept {
    return static_cast<std::size_t>(key_hash<K>{}(key));
  }
};

} // namespace weir
