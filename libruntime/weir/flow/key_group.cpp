#include "weir/flow/key_group.hpp"

namespace weir::flow {

namespace {

std::uint64_t mix(std::uint64_t h) noexcept {
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ULL;
  h ^= h >> 33;
  return h;
}

} // namespace

key_group assign_to_key_group(std::uint64_t key_hash, int max_parallelism) noexcept {
  return key_group{static_cast<std::uint32_t>(mix(key_hash)
                                              % static_cast<std::uint64_t>(max_parallelism))};
}

int operator_index_for_key_group(key_group group, int max_parallelism,
                                 int parallelism) noexcept {
  return static_cast<int>(static_cast<std::uint64_t>(group.value) * parallelism
                          / max_parallelism);
}

key_group_range key_group_range_for_operator(int max_parallelism, int parallelism,
                                             int index) noexcept {
  auto mp = static_cast<std::uint64_t>(max_parallelism);
  auto p = static_cast<std::uint64_t>(parallelism);
  auto i = static_cast<std::uint64_t>(index);
  auto first = (i * mp + p - 1) / p;
  auto last = ((i + 1) * mp - 1) / p;
  return {static_cast<std::uint32_t>(first), static_cast<std::uint32_t>(last)};
}

} // namespace weir::flow
