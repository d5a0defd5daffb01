#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace weir::detail {

/// Open addressing (linear probing) over positions of items kept elsewhere: a slot holds a
/// position + 1 (0 = empty), the key lives in the item, so the index copies no key and
/// allocates nothing per item. Load factor at most 1/2. The owner decides what a position
/// means; erasing is the owner's business (items are marked dead and the slot stays, or the
/// index is rebuilt). Used by the timer queue's buckets and the typed window table.
class position_index {
public:
  /// Spreads a key_hash (std::hash of small integers is the identity, which would fill runs
  /// of neighbouring slots).
  static std::uint64_t spread(std::uint64_t h) noexcept {
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    return h;
  }

  /// The slot whose position satisfies `is_key(position)`, or null.
  template <class IsKey>
  std::uint32_t* find(std::uint64_t h, IsKey&& is_key) {
    if (slots_.empty())
      return nullptr;
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = h & mask;; i = (i + 1) & mask) {
      if (slots_[i] == 0)
        return nullptr;
      if (is_key(slots_[i]))
        return &slots_[i];
    }
  }
  /// Whether `count` positions fit without a rebuild.
  [[nodiscard]] bool fits(std::size_t count) const noexcept {
    return count * 2 + 2 <= slots_.size();
  }
  /// Empties the index, sized for `count` positions.
  void reset(std::size_t count) {
    std::size_t size = 16;
    while (size < count * 2 + 2)
      size *= 2;
    slots_.assign(size, 0);
  }
  /// Adds `position` (not 0) for a key of hash `h`. Precondition: fits.
  void place(std::uint64_t h, std::uint32_t position) {
    const std::size_t mask = slots_.size() - 1;
    std::size_t i = h & mask;
    while (slots_[i] != 0)
      i = (i + 1) & mask;
    slots_[i] = position;
  }

private:
  std::vector<std::uint32_t> slots_;
};

} // namespace weir::detail
