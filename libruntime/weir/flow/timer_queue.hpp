#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>
#include <utility>

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
/// Layout, for checkpoints: the timers are partitioned by key group (a map per key group, in
/// key-group order), with a set of each group's earliest time to find the next timer, so a
/// snapshot writes one key group at a time (`for_each_in_key_group`) and a restore at another
/// parallelism takes whole key groups, as keyed state does. Both state backends keep their
/// timers here, on the heap (as Flink's RocksDB backend with `timer-service.factory: HEAP`).
/// `K` needs operator== and a key_hash. Used on the owning task's thread only.
template <class K>
class timer_queue {
public:
  struct timer {
    K key;
    event_time time;
  };

  /// Adds (key, time) of key group `g` (the key's group); false if it was there already.
  bool add(const K& key, key_group g, event_time t) {
    if (!index_.try_emplace(id{key, t.value()}, sequence_ + 1).second) // no node if present
      return false;
    auto seq = ++sequence_;
    auto& group = groups_[g.value];
    std::optional<std::int64_t> old_head;
    if (!group.empty())
      old_head = group.begin()->first.first;
    group.emplace(slot{t.value(), seq}, key);
    if (!old_head || t.value() < *old_head) {
      if (old_head)
        heads_.erase({*old_head, g.value});
      heads_.emplace(t.value(), g.value);
    }
    return true;
  }

  /// Removes (key, time); false if it was not there.
  bool remove(const K& key, key_group g, event_time t) {
    auto it = index_.find(id{key, t.value()});
    if (it == index_.end())
      return false;
    slot s{t.value(), it->second};
    index_.erase(it);
    auto group = groups_.find(g.value);
    bool was_head = group->second.begin()->first == s;
    group->second.erase(s);
    if (was_head) {
      heads_.erase({t.value(), g.value});
      reinstate_head(group);
    }
    return true;
  }

  /// Time of the earliest timer.
  [[nodiscard]] std::optional<event_time> peek() const {
    if (heads_.empty())
      return std::nullopt;
    return event_time{heads_.begin()->first};
  }

  /// Removes and returns the earliest timer. Precondition: not empty.
  timer poll() {
    auto [time, g] = *heads_.begin();
    heads_.erase(heads_.begin());
    auto group = groups_.find(g);
    auto node = group->second.extract(group->second.begin());
    index_.erase(id{node.mapped(), time});
    reinstate_head(group);
    return timer{std::move(node.mapped()), event_time{time}};
  }

  [[nodiscard]] std::size_t size() const noexcept { return index_.size(); }
  [[nodiscard]] bool empty() const noexcept { return index_.empty(); }
  [[nodiscard]] bool contains(const K& key, event_time t) const {
    return index_.contains(id{key, t.value()});
  }

  /// Calls `fn(key, time)` for each timer of key group `g`, in firing order (what a snapshot
  /// of that key group writes).
  template <class Fn>
  void for_each_in_key_group(key_group g, Fn&& fn) const {
    auto group = groups_.find(g.value);
    if (group == groups_.end())
      return;
    for (const auto& [s, key] : group->second)
      fn(key, event_time{s.first});
  }

private:
  using slot = std::pair<std::int64_t, std::uint64_t>; // time, registration sequence
  using group_map = std::map<std::uint32_t, std::map<slot, K>>;

  struct id {
    K key;
    std::int64_t time;
    bool operator==(const id& o) const { return time == o.time && key == o.key; }
  };
  struct id_hash {
    std::size_t operator()(const id& x) const noexcept {
      return static_cast<std::size_t>(detail::hash_combine(
        key_hash<K>{}(x.key), static_cast<std::uint64_t>(x.time)));
    }
  };

  /// After group's earliest timer left: its next one becomes its head, or the group goes.
  void reinstate_head(typename group_map::iterator group) {
    if (group->second.empty())
      groups_.erase(group);
    else
      heads_.emplace(group->second.begin()->first.first, group->first);
  }

  group_map groups_;                                    // key group -> (time, seq) -> key
  std::set<std::pair<std::int64_t, std::uint32_t>> heads_; // (earliest time, key group)
  std::unordered_map<id, std::uint64_t, id_hash> index_;   // (key, time) -> seq
  std::uint64_t sequence_ = 0;
};

} // namespace weir::flow
