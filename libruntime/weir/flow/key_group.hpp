#pragma once

#include <cstdint>
#include <string>

namespace weir::flow {

/// Index of a key group in [0, max_parallelism). Keys hash to key groups; a parallel
/// instance of a keyed operator owns a contiguous range of them (Flink's KeyGroupRange).
struct key_group {
  std::uint32_t value = 0;
  friend bool operator==(key_group, key_group) = default;
  friend auto operator<=>(key_group, key_group) = default;
};

/// Inclusive range [first, last] of key groups. Empty when first > last.
struct key_group_range {
  std::uint32_t first = 0;
  std::uint32_t last = 0;

  [[nodiscard]] bool contains(key_group g) const noexcept {
    return g.value >= first && g.value <= last;
  }
  [[nodiscard]] std::uint32_t size() const noexcept {
    return last >= first ? last - first + 1 : 0;
  }
  friend bool operator==(key_group_range, key_group_range) = default;
};

/// Spreads a key's hash over the key groups. The hash is mixed first (murmur3's finalizer)
/// because std::hash of an integer is the identity.
[[nodiscard]] key_group assign_to_key_group(std::uint64_t key_hash, int max_parallelism) noexcept;

/// Index of the operator instance that owns `group` (Flink's computeOperatorIndexForKeyGroup).
[[nodiscard]] int operator_index_for_key_group(key_group group, int max_parallelism,
                                               int parallelism) noexcept;

/// Key groups owned by instance `index` of `parallelism` (Flink's
/// computeKeyGroupRangeForOperatorIndex): contiguous, disjoint, covering all key groups.
[[nodiscard]] key_group_range key_group_range_for_operator(int max_parallelism, int parallelism,
                                                           int index) noexcept;

} // namespace weir::flow
