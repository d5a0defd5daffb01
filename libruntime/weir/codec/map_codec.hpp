#pragma once

#include <map>
#include <unordered_map>

#include "weir/codec/codec.hpp"

namespace weir {

namespace detail {

template <class Map>
struct map_codec {
  using key_type = typename Map::key_type;
  using mapped_type = typename Map::mapped_type;
  static constexpr std::size_t min_encoded_size = 1; // the count of an empty map
  static constexpr std::size_t min_entry_size =
    min_encoded_size_v<key_type> + min_encoded_size_v<mapped_type>;

  static void encode(byte_writer& out, const Map& value) {
    out.write_varint(value.size());
    for (const auto& [k, v] : value) {
      out.write(k);
      out.write(v);
    }
  }
  static void decode(byte_reader& in, Map& value) {
    std::size_t n = 0;
    if (!in.read_count(n, min_entry_size, "map size"))
      return;
    value.clear();
    for (std::size_t i = 0; i < n; ++i) {
      key_type k{};
      mapped_type v{};
      if (!in.read(k) || !in.read(v))
        return;
      if (!value.emplace(std::move(k), std::move(v)).second) {
        in.fail(codec_errc::corrupt, "duplicate map key");
        return;
      }
    }
  }
};

} // namespace detail

/// A varint entry count followed by key, value pairs (in iteration order); a repeated key is
/// corrupt. The count is bounded by the bytes left as in the vector codec.
template <class K, class V, class Compare, class Alloc>
  requires has_codec<K> && has_codec<V>
struct codec<std::map<K, V, Compare, Alloc>>
  : detail::map_codec<std::map<K, V, Compare, Alloc>> {};

/// As std::map; the byte order of entries follows the map's iteration order.
template <class K, class V, class Hash, class Eq, class Alloc>
  requires has_codec<K> && has_codec<V>
struct codec<std::unordered_map<K, V, Hash, Eq, Alloc>>
  : detail::map_codec<std::unordered_map<K, V, Hash, Eq, Alloc>> {};

} // namespace weir
