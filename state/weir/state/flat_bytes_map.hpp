#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <new>
#include <string_view>
#include <type_traits>
#include <utility>

#include "weir/state/state_key_hash.hpp"

namespace weir::state {

/// A hash map from byte strings to V for the heap backend's per-key-group tables: open
/// addressing with linear probing in one array of slots, so a lookup costs about one cache
/// miss (a node-based map takes three dependent ones).
///
/// A slot is the 64-bit hash (0 marks an empty slot), 16 key bytes and V: 40 bytes for a
/// ttl_cell<double>. Keys up to 15 bytes are stored inline; longer keys in a heap block the
/// slot points to. The load factor stays at most 7/8; erase shifts the following entries of
/// the probe run back (no tombstones), so lookups never scan deleted slots.
///
/// Pointers and references to values stay valid until the next insertion or erasure (either
/// may move entries). Copies are deep. Not thread-safe; the heap backend shares maps between
/// threads only as immutable copy-on-write snapshots (heap_state_table).
template <class V>
class flat_bytes_map {
  static_assert(std::is_nothrow_move_constructible_v<V>,
                "flat_bytes_map moves values when it grows or erases: give V a noexcept move "
                "constructor");

public:
  /// Keys of at most this many bytes are stored in the slot itself.
  static constexpr std::size_t inline_key_bytes = 15;

  flat_bytes_map() noexcept = default;

  flat_bytes_map(const flat_bytes_map& other) : flat_bytes_map() {
    if (other.size_ == 0)
      return;
    // Same capacity, same positions: every probe run stays valid, nothing is rehashed.
    slots_ = allocate(other.mask_ + 1);
    mask_ = other.mask_;
    for (std::size_t i = 0; i <= mask_; ++i) {
      const auto& from = other.slots_[i];
      if (from.hash == 0)
        continue;
      auto& to = slots_[i];
      copy_key(from, to);
      try {
        ::new (static_cast<void*>(to.value)) V(other.value_of(from));
      } catch (...) {
        free_key(to);
        throw;
      }
      to.hash = from.hash; // live only now, so the destructor cleans up after a throw
      ++size_;
    }
  }

  flat_bytes_map(flat_bytes_map&& other) noexcept
    : slots_(std::move(other.slots_)), mask_(std::exchange(other.mask_, 0)),
      size_(std::exchange(other.size_, 0)) {}

  flat_bytes_map& operator=(const flat_bytes_map& other) {
    if (this != &other) {
      flat_bytes_map copy{other};
      swap(copy);
    }
    return *this;
  }

  flat_bytes_map& operator=(flat_bytes_map&& other) noexcept {
    if (this != &other) {
      destroy_all();
      slots_ = std::move(other.slots_);
      mask_ = std::exchange(other.mask_, 0);
      size_ = std::exchange(other.size_, 0);
    }
    return *this;
  }

  ~flat_bytes_map() { destroy_all(); }

  void swap(flat_bytes_map& other) noexcept {
    std::swap(slots_, other.slots_);
    std::swap(mask_, other.mask_);
    std::swap(size_, other.size_);
  }

  [[nodiscard]] std::size_t size() const noexcept { return size_; }
  [[nodiscard]] bool empty() const noexcept { return size_ == 0; }
  /// Number of slots (0 or a power of two).
  [[nodiscard]] std::size_t capacity() const noexcept { return slots_ ? mask_ + 1 : 0; }

  /// The value of `key`, or null.
  [[nodiscard]] const V* find(std::string_view key) const noexcept {
    auto i = position_of(key, hash_of(key));
    return i == npos ? nullptr : &value_of(slots_[i]);
  }
  [[nodiscard]] V* find(std::string_view key) noexcept {
    auto i = position_of(key, hash_of(key));
    return i == npos ? nullptr : &value_of(slots_[i]);
  }
  [[nodiscard]] bool contains(std::string_view key) const noexcept {
    return find(key) != nullptr;
  }

  /// Sets the value of `key`, inserting the key if it is new; returns the stored value.
  V& insert_or_assign(std::string_view key, V value) {
    auto h = hash_of(key);
    if (auto i = position_of(key, h); i != npos) {
      auto& v = value_of(slots_[i]);
      v = std::move(value);
      return v;
    }
    return insert_new(key, h, std::move(value));
  }

  /// The value of `key`, inserting a value-initialized one if the key is new.
  V& operator[](std::string_view key) {
    auto h = hash_of(key);
    if (auto i = position_of(key, h); i != npos)
      return value_of(slots_[i]);
    return insert_new(key, h, V{});
  }

  /// Removes `key`; returns whether it was there.
  bool erase(std::string_view key) noexcept {
    auto i = position_of(key, hash_of(key));
    if (i == npos)
      return false;
    remove_at(i);
    return true;
  }

  /// Removes every entry for which `pred(std::string_view key, const V& value)` is true,
  /// calling `pred` once per entry; returns the number removed.
  template <class Pred>
  std::size_t erase_if(Pred&& pred) {
    if (size_ == 0)
      return 0;
    // Start right after an empty slot (there always is one): erasing shifts entries back
    // only within their probe run, which then never wraps past the start, so every entry
    // is looked at exactly once (an entry shifted into slot i is looked at next).
    std::size_t start = 0;
    while (slots_[start].hash != 0)
      ++start;
    std::size_t removed = 0;
    for (std::size_t step = 0; step <= mask_; ++step) {
      auto i = (start + 1 + step) & mask_;
      while (slots_[i].hash != 0 && pred(key_of(slots_[i]), std::as_const(value_of(slots_[i])))) {
        remove_at(i);
        ++removed;
      }
    }
    return removed;
  }

  /// Calls `f(std::string_view key, const V& value)` once for every entry, in slot order.
  /// `f` must not modify the map.
  template <class F>
  void for_each(F&& f) const {
    if (!slots_)
      return;
    for (std::size_t i = 0; i <= mask_; ++i)
      if (slots_[i].hash != 0)
        f(key_of(slots_[i]), value_of(slots_[i]));
  }

  /// Removes all entries; keeps the capacity.
  void clear() noexcept {
    if (!slots_)
      return;
    for (std::size_t i = 0; i <= mask_; ++i)
      if (slots_[i].hash != 0) {
        destroy_slot(slots_[i]);
        slots_[i].hash = 0;
      }
    size_ = 0;
  }

  /// Makes room for `n` entries without growing again.
  void reserve(std::size_t n) {
    auto cap = capacity_for(n);
    if (cap > capacity())
      rehash(cap);
  }

private:
  // Key bytes: inline keys in key[0..14] with their length in key[15]; a long key has
  // long_key in key[15] and, in key[0..7], a pointer to a block [std::size_t size][bytes].
  struct slot {
    std::uint64_t hash;
    char key[16];
    alignas(V) unsigned char value[sizeof(V)];
  };
  static constexpr unsigned char long_key = 0xff;
  static constexpr std::size_t npos = static_cast<std::size_t>(-1);
  static constexpr std::size_t min_capacity = 8;

  static std::unique_ptr<slot[]> allocate(std::size_t n) {
    return std::unique_ptr<slot[]>(new slot[n]()); // value-initialized: every hash is 0
  }

  /// Never 0: the top bit is set, the low bits (the home slot) are the hash's.
  static std::uint64_t hash_of(std::string_view key) noexcept {
    return hash_state_key(key) | (std::uint64_t{1} << 63);
  }

  static std::size_t capacity_for(std::size_t n) noexcept {
    std::size_t cap = min_capacity;
    while (n * 8 > cap * 7)
      cap *= 2;
    return cap;
  }

  static bool is_long(const slot& s) noexcept {
    return static_cast<unsigned char>(s.key[15]) == long_key;
  }
  static char* long_block(const slot& s) noexcept {
    char* block = nullptr;
    std::memcpy(&block, s.key, sizeof block);
    return block;
  }
  static std::string_view key_of(const slot& s) noexcept {
    if (!is_long(s))
      return {s.key, static_cast<unsigned char>(s.key[15])};
    const char* block = long_block(s);
    std::size_t n = 0;
    std::memcpy(&n, block, sizeof n);
    return {block + sizeof n, n};
  }
  static V& value_of(slot& s) noexcept { return *std::launder(reinterpret_cast<V*>(s.value)); }
  static const V& value_of(const slot& s) noexcept {
    return *std::launder(reinterpret_cast<const V*>(s.value));
  }

  /// Stores `key` into the key bytes of `s` (allocating a block for a long key).
  static void set_key(slot& s, std::string_view key) {
    if (key.size() <= inline_key_bytes) {
      std::memcpy(s.key, key.data(), key.size());
      s.key[15] = static_cast<char>(key.size());
      return;
    }
    std::size_t n = key.size();
    auto* block = new char[sizeof n + n];
    std::memcpy(block, &n, sizeof n);
    std::memcpy(block + sizeof n, key.data(), n);
    std::memcpy(s.key, &block, sizeof block);
    s.key[15] = static_cast<char>(long_key);
  }
  static void copy_key(const slot& from, slot& to) {
    if (is_long(from))
      set_key(to, key_of(from));
    else
      std::memcpy(to.key, from.key, sizeof to.key);
  }
  static void free_key(slot& s) noexcept {
    if (is_long(s))
      delete[] long_block(s);
  }
  static void destroy_slot(slot& s) noexcept {
    value_of(s).~V();
    free_key(s);
  }
  /// Moves a live slot into an empty one; `from` is left empty (its key bytes now belong to
  /// `to`).
  static void relocate(slot& from, slot& to) noexcept {
    ::new (static_cast<void*>(to.value)) V(std::move(value_of(from)));
    value_of(from).~V();
    std::memcpy(to.key, from.key, sizeof to.key);
    to.hash = from.hash;
    from.hash = 0;
  }

  static bool same_key(const slot& s, std::string_view key) noexcept {
    if (!is_long(s))
      return static_cast<unsigned char>(s.key[15]) == key.size()
             && std::memcmp(s.key, key.data(), key.size()) == 0;
    return key_of(s) == key;
  }

  std::size_t position_of(std::string_view key, std::uint64_t h) const noexcept {
    if (size_ == 0)
      return npos;
    for (auto i = h & mask_;; i = (i + 1) & mask_) {
      const auto& s = slots_[i];
      if (s.hash == 0)
        return npos;
      if (s.hash == h && same_key(s, key))
        return i;
    }
  }

  std::size_t free_position(std::uint64_t h) const noexcept {
    auto i = h & mask_;
    while (slots_[i].hash != 0)
      i = (i + 1) & mask_;
    return i;
  }

  /// Inserts a key known to be absent.
  V& insert_new(std::string_view key, std::uint64_t h, V&& value) {
    if (!slots_ || (size_ + 1) * 8 > (mask_ + 1) * 7)
      rehash(capacity_for(size_ + 1));
    auto& s = slots_[free_position(h)];
    set_key(s, key);
    try {
      ::new (static_cast<void*>(s.value)) V(std::move(value));
    } catch (...) {
      free_key(s);
      throw;
    }
    s.hash = h;
    ++size_;
    return value_of(s);
  }

  void rehash(std::size_t cap) {
    auto old = allocate(cap); // the only step that can throw
    std::swap(old, slots_);
    auto old_capacity = old ? mask_ + 1 : 0;
    mask_ = cap - 1;
    for (std::size_t i = 0; i < old_capacity; ++i)
      if (old[i].hash != 0)
        relocate(old[i], slots_[free_position(old[i].hash)]);
  }

  /// Backward-shift deletion: moves each following entry of the probe run into the hole
  /// if its home slot lies at or before the hole, so every probe run stays gap-free.
  void remove_at(std::size_t hole) noexcept {
    destroy_slot(slots_[hole]);
    slots_[hole].hash = 0;
    for (auto j = (hole + 1) & mask_; slots_[j].hash != 0; j = (j + 1) & mask_) {
      auto home = slots_[j].hash & mask_;
      // distance from home to j, and from the hole to j, both along the probe direction
      if (((j - home) & mask_) >= ((j - hole) & mask_)) {
        relocate(slots_[j], slots_[hole]);
        hole = j;
      }
    }
    --size_;
  }

  void destroy_all() noexcept {
    if (!slots_)
      return;
    for (std::size_t i = 0; i <= mask_; ++i)
      if (slots_[i].hash != 0)
        destroy_slot(slots_[i]);
    slots_.reset();
    size_ = 0;
    mask_ = 0;
  }

  std::unique_ptr<slot[]> slots_;
  std::size_t mask_ = 0;
  std::size_t size_ = 0;
};

} // namespace weir::state
