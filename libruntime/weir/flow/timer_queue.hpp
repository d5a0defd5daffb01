#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <utility>
#include <vector>

#include "weir/detail/position_index.hpp"
#include "weir/flow/key_group.hpp"
#include "weir/ids.hpp"
#include "weir/key_hash.hpp"

namespace weir::flow {

/// The timers of one time domain of one keyed operator instance, as (key, time) pairs with the
/// key as its own type (Flink's KeyGroupPartitionedPriorityQueue over HeapPriorityQueueSet).
/// A pair is kept once; removal is by (key, time). `poll` returns the earliest timer; timers
/// of equal time come out in key-group order, and within a key group in the order they were
/// registered.
///
/// Layout: one bucket per distinct time, in time order. Timers share times (every key's
/// window ends at the same instant), so a bucket holds many keys and there are few buckets:
/// registering touches only the bucket of its time (a small, warm hash index), and firing
/// walks a bucket's vector in order once it is sorted by (key group, registration), instead
/// of a tree and hash operation per timer over every pending timer. A snapshot writes one key
/// group at a time (`for_each_in_key_group`), and a restore at another parallelism takes whole
/// key groups, as keyed state does. Both state backends keep their timers here, on the heap
/// (as Flink's RocksDB backend with `timer-service.factory: HEAP`). `K` needs operator== and a
/// key_hash. Used on the owning task's thread only.
template <class K>
class timer_queue {
public:
  struct timer {
    K key;
    event_time time;
  };

  /// Adds (key, time) of key group `g` (the key's group); false if it was there already.
  bool add(const K& key, key_group g, event_time t) {
    auto& b = buckets_[t.value()];
    const auto h = hash_of(key);
    std::uint32_t* slot = b.find(key, h);
    if (slot != nullptr && b.at(*slot).live)
      return false;
    entry e{g.value, ++sequence_, key, true};
    std::uint32_t pos = 0;
    if (b.draining) {
      // Being polled: a side heap keeps (group, sequence) order without moving the rest.
      b.late.push_back(std::move(e));
      b.late_heap.push_back(static_cast<std::uint32_t>(b.late.size() - 1));
      std::push_heap(b.late_heap.begin(), b.late_heap.end(), b.later_first());
      pos = late_bit | static_cast<std::uint32_t>(b.late.size());
    } else {
      b.entries.push_back(std::move(e));
      pos = static_cast<std::uint32_t>(b.entries.size());
    }
    if (slot != nullptr)
      *slot = pos; // polled or removed before and registered again
    else
      b.insert(h, pos);
    ++size_;
    return true;
  }

  /// Removes (key, time); false if it was not there.
  bool remove(const K& key, key_group, event_time t) {
    auto bucket = buckets_.find(t.value());
    if (bucket == buckets_.end())
      return false;
    auto& b = bucket->second;
    std::uint32_t* slot = b.find(key, hash_of(key));
    if (slot == nullptr || !b.at(*slot).live)
      return false;
    b.at(*slot).live = false;
    --size_;
    ++b.dead;
    if (!drop_if_done(bucket) && !b.draining && b.entries.size() >= 8
        && b.dead * 2 > b.entries.size()) {
      // Timers that move (sessions) leave dead entries in buckets that fire much later:
      // reclaim them when they are half, amortized O(1) per removal.
      std::erase_if(b.entries, [](const entry& x) { return !x.live; });
      b.entries.shrink_to_fit();
      b.dead = 0;
      b.rebuild_index();
    }
    return true;
  }

  /// Time of the earliest timer.
  [[nodiscard]] std::optional<event_time> peek() const {
    if (buckets_.empty())
      return std::nullopt;
    return event_time{buckets_.begin()->first};
  }

  /// Removes and returns the earliest timer. Precondition: not empty.
  timer poll() {
    auto bucket = buckets_.begin();
    auto& b = bucket->second;
    if (!b.draining)
      sort(b);
    while (b.next < b.entries.size() && !b.entries[b.next].live)
      ++b.next;
    while (!b.late_heap.empty() && !b.late[b.late_heap.front()].live) {
      std::pop_heap(b.late_heap.begin(), b.late_heap.end(), b.later_first());
      b.late_heap.pop_back();
    }
    entry* e = nullptr;
    const bool from_late =
      !b.late_heap.empty()
      && (b.next == b.entries.size()
          || by_group_then_sequence(b.late[b.late_heap.front()], b.entries[b.next]));
    if (from_late) {
      e = &b.late[b.late_heap.front()];
      std::pop_heap(b.late_heap.begin(), b.late_heap.end(), b.later_first());
      b.late_heap.pop_back();
    } else {
      e = &b.entries[b.next++];
    }
    e->live = false;
    timer out{e->key, event_time{bucket->first}};
    --size_;
    ++b.dead;
    drop_if_done(bucket);
    return out;
  }

  [[nodiscard]] std::size_t size() const noexcept { return size_; }
  [[nodiscard]] bool empty() const noexcept { return size_ == 0; }
  [[nodiscard]] bool contains(const K& key, event_time t) const {
    auto bucket = buckets_.find(t.value());
    if (bucket == buckets_.end())
      return false;
    auto& b = const_cast<bucket_type&>(bucket->second);
    const std::uint32_t* slot = b.find(key, hash_of(key));
    return slot != nullptr && b.at(*slot).live;
  }

  /// Calls `fn(key, group, time)` for every timer, in time order and, within one time, in
  /// registration order (what a checkpoint writes: one pass, whatever the key groups).
  template <class Fn>
  void for_each(Fn&& fn) const {
    for (const auto& [time, b] : buckets_)
      for (const auto* part : {&b.entries, &b.late})
        for (const auto& e : *part)
          if (e.live)
            fn(e.key, key_group{e.group}, event_time{time});
  }

  /// Calls `fn(key, time)` for each timer of key group `g`, in firing order (what a snapshot
  /// of that key group writes).
  template <class Fn>
  void for_each_in_key_group(key_group g, Fn&& fn) const {
    std::vector<const entry*> of_group;
    for (const auto& [time, b] : buckets_) {
      of_group.clear();
      for (const auto* part : {&b.entries, &b.late})
        for (const auto& e : *part)
          if (e.live && e.group == g.value)
            of_group.push_back(&e);
      std::sort(of_group.begin(), of_group.end(),
                [](const entry* x, const entry* y) { return x->sequence < y->sequence; });
      for (const auto* e : of_group)
        fn(e->key, event_time{time});
    }
  }

private:
  struct entry {
    std::uint32_t group;
    std::uint64_t sequence;
    K key;
    bool live;
  };
  /// Marks an index position as one in bucket_type::late.
  static constexpr std::uint32_t late_bit = std::uint32_t{1} << 31;

  struct bucket_type {
    std::vector<entry> entries;
    /// Timers added while the bucket is being polled, ordered by `late_heap` (a min-heap of
    /// their positions by (group, sequence)); never moved, so the index stays valid.
    std::vector<entry> late;
    std::vector<std::uint32_t> late_heap;
    /// Positions (+1; late_bit: in `late`) by key. A removed or polled entry keeps its slot
    /// (found, then seen dead).
    detail::position_index index;
    std::size_t next = 0;  ///< poll cursor in entries (those before it are gone)
    std::size_t dead = 0;  ///< entries (of both vectors) polled or removed
    bool draining = false; ///< polling began: entries sorted by (group, sequence) from `next`

    entry& at(std::uint32_t pos) {
      return (pos & late_bit) != 0 ? late[(pos & ~late_bit) - 1] : entries[pos - 1];
    }
    /// Comparator of late_heap (std:: heaps keep the largest first: invert).
    auto later_first() {
      return [this](std::uint32_t x, std::uint32_t y) {
        return by_group_then_sequence(late[y], late[x]);
      };
    }

    std::uint32_t* find(const K& key, std::uint64_t h) {
      return index.find(h, [&](std::uint32_t pos) { return at(pos).key == key; });
    }
    void insert(std::uint64_t h, std::uint32_t pos) {
      if (!index.fits(entries.size() + late.size()))
        rebuild_index(); // places `pos` (the last entry) too
      else
        index.place(h, pos);
    }
    /// Indexes every live entry (a key has at most one).
    void rebuild_index() {
      index.reset(entries.size() + late.size());
      for (std::size_t i = 0; i < entries.size(); ++i)
        if (entries[i].live)
          index.place(hash_of(entries[i].key), static_cast<std::uint32_t>(i + 1));
      for (std::size_t i = 0; i < late.size(); ++i)
        if (late[i].live)
          index.place(hash_of(late[i].key), late_bit | static_cast<std::uint32_t>(i + 1));
    }
  };

  static std::uint64_t hash_of(const K& key) {
    return detail::position_index::spread(key_hash<K>{}(key));
  }

  static bool by_group_then_sequence(const entry& a, const entry& b) {
    return a.group != b.group ? a.group < b.group : a.sequence < b.sequence;
  }

  /// Orders the live entries of a bucket for polling by (group, sequence), dropping the dead
  /// ones: a counting sort by group of entries that are in sequence order already (they were
  /// appended as registered), so it is stable and linear.
  static void sort(bucket_type& b) {
    std::erase_if(b.entries, [](const entry& e) { return !e.live; });
    if (!b.entries.empty()) {
      auto [lo, hi] = std::minmax_element(
        b.entries.begin(), b.entries.end(),
        [](const entry& x, const entry& y) { return x.group < y.group; });
      const std::uint32_t first = lo->group;
      if (hi->group != first) {
        std::vector<std::size_t> start(hi->group - first + 2, 0);
        for (const auto& e : b.entries)
          ++start[e.group - first + 1];
        for (std::size_t i = 1; i < start.size(); ++i)
          start[i] += start[i - 1];
        std::vector<std::size_t> order(b.entries.size());
        for (std::size_t i = 0; i < b.entries.size(); ++i)
          order[start[b.entries[i].group - first]++] = i;
        std::vector<entry> sorted;
        sorted.reserve(b.entries.size());
        for (auto i : order)
          sorted.push_back(std::move(b.entries[i]));
        b.entries.swap(sorted);
      }
    }
    b.next = 0;
    b.dead = 0;
    b.draining = true;
    b.rebuild_index();
  }

  /// Drops a bucket with no live timer left; true if it did.
  bool drop_if_done(typename std::map<std::int64_t, bucket_type>::iterator bucket) {
    auto& b = bucket->second;
    if (b.dead != b.entries.size() + b.late.size())
      return false;
    buckets_.erase(bucket);
    return true;
  }

  std::map<std::int64_t, bucket_type> buckets_; // time -> its timers
  std::size_t size_ = 0;
  std::uint64_t sequence_ = 0;
};

} // namespace weir::flow
