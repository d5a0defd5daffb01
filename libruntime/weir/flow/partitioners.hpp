#pragma once

#include <cstddef>
#include <cstdint>

#include "weir/flow/key_group.hpp"
#include "weir/flow/writer_base.hpp"
#include "weir/key_hash.hpp"

namespace weir::flow {

// Typed channel selectors. A channel writer is a template over one of these, so choosing a
// channel is an inlined call per record. `select` returns an index into the writer's channels.

/// One channel (forward), or round-robin over the writer's channels (rebalance, rescale).
struct round_robin_selector {
  explicit round_robin_selector(const writer_context& ctx)
    : n_(ctx.targets.size()), next_(static_cast<std::size_t>(ctx.subtask) % n_) {}
  template <class T>
  std::size_t select(const T&) noexcept {
    auto c = next_;
    if (++next_ == n_)
      next_ = 0;
    return c;
  }

private:
  std::size_t n_;
  std::size_t next_;
};

/// Uniformly random channel; the generator is seeded by the subtask index so runs repeat.
struct shuffle_selector {
  explicit shuffle_selector(const writer_context& ctx)
    : n_(ctx.targets.size()), state_(0x9e3779b97f4a7c15ULL * (ctx.subtask + 1)) {}
  template <class T>
  std::size_t select(const T&) noexcept {
    state_ ^= state_ << 13;
    state_ ^= state_ >> 7;
    state_ ^= state_ << 17;
    return static_cast<std::size_t>(state_ % n_);
  }

private:
  std::size_t n_;
  std::uint64_t state_;
};

/// key_by: key -> hash -> key group -> owning downstream instance.
template <class KeySelector>
struct key_group_selector {
  key_group_selector(const writer_context& ctx, KeySelector key)
    : key_(std::move(key)), max_parallelism_(ctx.max_parallelism),
      parallelism_(ctx.target_parallelism) {}
  template <class T>
  std::size_t select(const T& record) {
    const auto& k = key_(record);
    auto group = assign_to_key_group(key_hash<std::decay_t<decltype(k)>>{}(k), max_parallelism_);
    return static_cast<std::size_t>(
      operator_index_for_key_group(group, max_parallelism_, parallelism_));
  }

private:
  KeySelector key_;
  int max_parallelism_;
  int parallelism_;
};

/// partition_custom: a user partitioner `int(const K&, int num_partitions)` over a key.
template <class Partitioner, class KeySelector>
struct custom_selector {
  custom_selector(const writer_context& ctx, Partitioner p, KeySelector key)
    : part_(std::move(p)), key_(std::move(key)), n_(static_cast<int>(ctx.targets.size())) {}
  template <class T>
  std::size_t select(const T& record) {
    auto c = part_(key_(record), n_);
    if (c < 0 || c >= n_)
      throw std::out_of_range("custom partitioner returned " + std::to_string(c)
                              + " for " + std::to_string(n_) + " partitions");
    return static_cast<std::size_t>(c);
  }

private:
  Partitioner part_;
  KeySelector key_;
  int n_;
};

/// Marker: every record goes to every channel.
struct broadcast_selector {
  explicit broadcast_selector(const writer_context&) {}
};

} // namespace weir::flow
