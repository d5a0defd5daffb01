#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <unordered_map>
#include <utility>
#include <vector>

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
    auto [it, inserted] = b.index.try_emplace(key, b.entries.size());
    if (!inserted) {
      if (b.entries[it->second].live)
        return false;
      it->second = b.entries.size(); // polled before and registered again
    }
    entry e{g.value, ++sequence_, key, true};
    if (b.draining) {
      // Being polled: keep the rest in (group, sequence) order.
      auto at = std::upper_bound(b.entries.begin() + static_cast<std::ptrdiff_t>(b.next),
                                 b.entries.end(), e, by_group_then_sequence);
      auto pos = static_cast<std::size_t>(at - b.entries.begin());
      b.entries.insert(at, std::move(e));
      reindex(b, pos);
    } else {
      b.entries.push_back(std::move(e));
    }
    ++size_;
    return true;
  }

  /// Removes (key, time); false if it was not there.
  bool remove(const K& key, key_group, event_time t) {
    auto bucket = buckets_.find(t.value());
    if (bucket == buckets_.end())
      return false;
    auto& b = bucket->second;
    auto it = b.index.find(key);
    if (it == b.index.end() || !b.entries[it->second].live)
      return false;
    b.entries[it->second].live = false;
    b.index.erase(it);
    --size_;
    ++b.dead;
    drop_if_done(bucket);
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
    while (!b.entries[b.next].live)
      ++b.next;
    auto& e = b.entries[b.next++];
    e.live = false;
    timer out{e.key, event_time{bucket->first}};
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
    auto it = bucket->second.index.find(key);
    return it != bucket->second.index.end() && bucket->second.entries[it->second].live;
  }

  /// Calls `fn(key, time)` for each timer of key group `g`, in firing order (what a snapshot
  /// of that key group writes).
  template <class Fn>
  void for_each_in_key_group(key_group g, Fn&& fn) const {
    std::vector<const entry*> of_group;
    for (const auto& [time, b] : buckets_) {
      of_group.clear();
      for (const auto& e : b.entries)
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
  struct bucket_type {
    std::vector<entry> entries;
    std::unordered_map<K, std::size_t, key_hasher<K>> index; ///< key -> position in entries
    std::size_t next = 0;  ///< poll cursor (entries before it are gone)
    std::size_t dead = 0;  ///< entries polled or removed
    bool draining = false; ///< polling began: sorted by (group, sequence) from `next` on
  };

  static bool by_group_then_sequence(const entry& a, const entry& b) {
    return a.group != b.group ? a.group < b.group : a.sequence < b.sequence;
  }

  /// Sorts the live entries of a bucket for polling, dropping the dead ones.
  static void sort(bucket_type& b) {
    std::erase_if(b.entries, [](const entry& e) { return !e.live; });
    std::sort(b.entries.begin(), b.entries.end(), by_group_then_sequence);
    b.next = 0;
    b.dead = 0;
    b.draining = true;
    reindex(b, 0);
  }

  static void reindex(bucket_type& b, std::size_t from) {
    for (std::size_t i = from; i < b.entries.size(); ++i)
      if (b.entries[i].live)
        b.index[b.entries[i].key] = i;
  }

  void drop_if_done(typename std::map<std::int64_t, bucket_type>::iterator bucket) {
    if (bucket->second.dead == bucket->second.entries.size())
      buckets_.erase(bucket);
  }

  std::map<std::int64_t, bucket_type> buckets_; // time -> its timers
  std::size_t size_ = 0;
  std::uint64_t sequence_ = 0;
};

} // namespace weir::flow
