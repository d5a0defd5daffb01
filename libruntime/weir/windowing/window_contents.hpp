#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "weir/codec/encode.hpp"
#include "weir/detail/position_index.hpp"
#include "weir/detail/type_name.hpp"
#include "weir/error.hpp"
#include "weir/flow/key_group.hpp"
#include "weir/flow/keyed_state_scope.hpp"
#include "weir/flow/snapshot_context.hpp"
#include "weir/key_hash.hpp"
#include "weir/runtime_context.hpp"
#include "weir/state_backend_kind.hpp"
#include "weir/state/list_state_descriptor.hpp"
#include "weir/state/value_state_descriptor.hpp"
#include "weir/windowing/evictors.hpp"

namespace weir::windowing_detail {

// The contents of a window as the window operator keeps them: in the keyed state backend
// (state "window-contents", namespaced by the window), so that checkpoints take them. Each
// policy below has the same members:
//
//   using element_type (what the window function gets a vector of);
//   open(ctx, merging, key_scope)    declares the state (after which the backend exists)
//   keyed_by_backend()               whether the backend's current key must be set per
//                                    element (false: typed heap table, see below)
//   select(key, window, ns)          scopes later calls to one key and window (namespace ns)
//   add(element, timestamp)      true if the window had no contents before
//   emit(window, evictor_ctx, fn)    fn(std::vector<element_type>&) unless empty; false if empty
//   clear()
//   merge(target_ns, source_nss)     folds the sources into the target (session windows)
//   snapshot(ctx) / restore(ctx)     write / read back, in a checkpoint, what the policy keeps
//                                    outside the backend (restore runs before open)

inline constexpr const char* contents_state = "window-contents";

/// Key-grouped checkpoint part of the values an incremental window keeps on the heap: key =
/// the record key's codec bytes, value = the window's codec bytes then the value's.
inline constexpr const char* contents_part = "window-contents";
/// Key-grouped checkpoint part of the windows whose values are in the backend (spilled from
/// the RocksDB cache, or all of them without a cache): key = the window's codec bytes, value =
/// how many of its values (an std::uint64_t) are in that key group.
inline constexpr const char* in_backend_part = "windows-in-backend";

/// Window contents of the heap backend for incremental functions (reduce, aggregate): one
/// typed value per (key, window), without the per-element key and namespace serialization of
/// the generic keyed state (Flink's heap backend keeps objects too). Window-major: per window,
/// the values of its keys, so that the elements of the current window touch one small table
/// however many older windows wait for the watermark, and a window's table goes when its last
/// key fired. Used on the task's thread only. Checkpoints write it entry by entry
/// (window_value_store::snapshot).
template <class K, class W, class V>
class heap_window_table {
public:
  /// The value of (key, window), or null.
  V* find(const K& key, const W& window) {
    auto* keys = keys_of(window, false);
    return keys == nullptr ? nullptr : keys->find(key);
  }
  /// The value of (key, window), default-constructed (and `created`) if there was none.
  V& get_or_create(const K& key, const W& window, bool& created) {
    V& v = keys_of(window, true)->get_or_create(key, created);
    entries_ += created ? 1 : 0;
    return v;
  }
  void erase(const K& key, const W& window) {
    auto w = windows_.find(window);
    if (w == windows_.end())
      return;
    if (w->second.erase(key))
      --entries_;
    if (w->second.empty())
      drop(w);
  }
  /// (key, window) values held.
  [[nodiscard]] std::size_t entries() const noexcept { return entries_; }

  /// Calls `fn(window, key, value)` for every value held.
  template <class Fn>
  void for_each(Fn&& fn) {
    for (auto& [w, keys] : windows_)
      keys.for_each([&](const K& key, V& value) { fn(w, key, value); });
  }

  /// Hands every (key, value) of `window` to `fn(window, key, value)` and forgets the window;
  /// false if it has none.
  template <class Fn>
  bool take(const W& window, Fn&& fn) {
    auto w = windows_.find(window);
    if (w == windows_.end())
      return false;
    take_window(w, fn);
    return true;
  }

  /// Hands every (key, value) of the oldest window other than `keep` (null: any) to
  /// `fn(window, key, value)` and forgets that window; false if there is none.
  template <class Fn>
  bool take_oldest_except(const W* keep, Fn&& fn) {
    for (auto w = windows_.begin(); w != windows_.end(); ++w) {
      if (keep != nullptr && w->first == *keep)
        continue;
      take_window(w, fn);
      return true;
    }
    return false;
  }

private:
  class keys_of_window;
  template <class Fn>
  void take_window(typename std::map<W, keys_of_window>::iterator w, Fn& fn) {
    w->second.for_each([&](const K& key, V& value) { fn(w->first, key, value); });
    entries_ -= w->second.size();
    drop(w);
  }

  /// The values of one window by key: items in a vector (no allocation per key) found through
  /// a position_index; an erased key's item stays, dead, until the window goes (a window's
  /// keys go together, when it fires and is cleaned up) or the key comes back.
  class keys_of_window {
  public:
    V* find(const K& key) {
      auto* slot = slot_of(key, hash_of(key));
      return slot != nullptr && items_[*slot - 1].live ? &items_[*slot - 1].value : nullptr;
    }
    V& get_or_create(const K& key, bool& created) {
      const auto h = hash_of(key);
      auto* slot = slot_of(key, h);
      if (slot != nullptr) {
        auto& item = items_[*slot - 1];
        created = !item.live;
        if (created) {
          item.value = V{};
          item.live = true;
          ++live_;
        }
        return item.value;
      }
      created = true;
      items_.push_back({key, V{}, true});
      ++live_;
      if (!index_.fits(items_.size())) {
        index_.reset(items_.size());
        for (std::size_t i = 0; i < items_.size(); ++i)
          index_.place(hash_of(items_[i].key), static_cast<std::uint32_t>(i + 1));
      } else {
        index_.place(h, static_cast<std::uint32_t>(items_.size()));
      }
      return items_.back().value;
    }
    /// True if the key had a value.
    bool erase(const K& key) {
      auto* slot = slot_of(key, hash_of(key));
      if (slot == nullptr || !items_[*slot - 1].live)
        return false;
      items_[*slot - 1].live = false;
      --live_;
      return true;
    }
    [[nodiscard]] bool empty() const noexcept { return live_ == 0; }
    [[nodiscard]] std::size_t size() const noexcept { return live_; }
    template <class Fn>
    void for_each(Fn&& fn) {
      for (auto& item : items_)
        if (item.live)
          fn(item.key, item.value);
    }

  private:
    struct item {
      K key;
      V value;
      bool live;
    };
    static std::uint64_t hash_of(const K& key) {
      return detail::position_index::spread(key_hash<K>{}(key));
    }
    std::uint32_t* slot_of(const K& key, std::uint64_t h) {
      return index_.find(h, [&](std::uint32_t pos) { return items_[pos - 1].key == key; });
    }
    std::vector<item> items_;
    detail::position_index index_;
    std::size_t live_ = 0;
  };

  /// The keys of `window` (the one used last is remembered: in-order elements stay in one).
  keys_of_window* keys_of(const W& window, bool create) {
    if (last_ != nullptr && last_window_ == window)
      return last_;
    auto it = create ? windows_.try_emplace(window).first : windows_.find(window);
    if (it == windows_.end())
      return nullptr;
    last_ = &it->second;
    last_window_ = window;
    return last_;
  }

  void drop(typename std::map<W, keys_of_window>::iterator w) {
    if (last_ == &w->second)
      last_ = nullptr;
    windows_.erase(w);
  }

  std::map<W, keys_of_window> windows_;
  keys_of_window* last_ = nullptr;
  W last_window_{};
  std::size_t entries_ = 0;
};

/// The one value per (key, window) of an incremental function (reduce, aggregate), in one of
/// three places:
/// - heap backend: the typed heap table only;
/// - RocksDB: the typed table as a write-back cache of the windows in flight, bounded by
///   `state_settings::window_cache_entries` values: when it is full, the oldest window's
///   values move to RocksDB (namespaced by the window), and that window is served from RocksDB
///   from then on. A window usually fires and goes before it is ever written to RocksDB, which
///   is what lets RocksDB windows keep up (Flink reads and writes RocksDB per element); a bound
///   of 0 does that too;
/// - merging windows (sessions): the backend's value state, namespaced by the state window.
///
/// Checkpoints (windows that do not merge): snapshot() writes the table entry by entry as the
/// key-grouped part "window-contents", and which windows have how many values in the backend,
/// per key group, as "windows-in-backend" (the backend's own snapshot has those values, and
/// snapshot_state runs before it: nothing is flushed). restore() reads both back before open();
/// open() then settles them for the configuration the job restarts with (another parallelism,
/// backend or cache bound): restored values of a window that is in the backend, beyond the
/// cache's bound, or restored without a cache go to the backend, and a restored window that is
/// in the backend is served from there (on the heap backend too) until its values are gone.
template <class K, class W, class V>
class window_value_store {
public:
  /// Declares the state either way, so that the backend exists (triggers and window functions
  /// may use keyed state) and a snapshot finds the name. `keys` sets the backend's current key
  /// for values that move to or come from RocksDB.
  void open(const runtime_context& ctx, flow::keyed_state_scope<K>* keys) {
    state_ = &ctx.get_state(state::value_state_descriptor<V>(contents_state));
    keys_ = keys;
    max_parallelism_ = ctx.max_number_of_parallel_subtasks();
    indexed_ = true;
    if (ctx.state().backend == state_backend_kind::heap) {
      typed_ = true;
    } else {
      capacity_ = ctx.state().window_cache_entries;
      typed_ = capacity_ > 0;
      cached_ = typed_;
    }
    settle_restored();
  }
  /// Merging windows keep their contents in the backend (the typed table is for the
  /// assigners that never merge).
  void use_backend(const runtime_context& ctx) {
    if (table_.entries() > 0 || !in_backend_.empty())
      throw weir_exception(error(errc::state_error,
                                 "the checkpoint has contents of windows that do not merge, but "
                                 "the job's window assigner merges (session windows): the "
                                 "assigner changed since the checkpoint; restore with the "
                                 "former assigner or without this operator's state"));
    typed_ = false;
    cached_ = false;
    indexed_ = false;
    state_ = &ctx.get_state(state::value_state_descriptor<V>(contents_state));
  }
  [[nodiscard]] bool keyed_by_backend() const noexcept { return !typed_; }

  void select(const K& key, const W& window, std::string_view ns) {
    key_ = &key;
    window_ = &window;
    if (!typed_)
      state_->set_current_namespace(ns);
  }
  /// Applies `fn(V* current_or_null) -> V` and stores the result; true if there was none.
  template <class Fn>
  bool update(Fn&& fn) {
    if (typed_ && !in_backend()) {
      bool created = false;
      V& v = table_.get_or_create(*key_, *window_, created);
      v = fn(created ? nullptr : &v);
      if (created && cached_ && table_.entries() > capacity_)
        spill_oldest();
      return created;
    }
    if (typed_)
      use_backend_entry();
    auto current = state_->value();
    state_->update(fn(current ? &*current : nullptr));
    if (indexed_ && !current)
      count_in_backend(*key_, *window_);
    return !current;
  }
  std::optional<V> value() {
    if (typed_ && !in_backend()) {
      if (V* v = table_.find(*key_, *window_))
        return *v;
      return std::nullopt;
    }
    if (typed_)
      use_backend_entry();
    return state_->value();
  }
  void clear() {
    if (typed_ && !in_backend()) {
      table_.erase(*key_, *window_);
      return;
    }
    if (typed_)
      use_backend_entry();
    if (indexed_ && state_->value())
      uncount_in_backend(*key_, *window_);
    state_->clear();
  }
  /// Moves out the values of the windows `sources` (namespaces, backend mode only: merging
  /// windows keep their contents in the backend) and folds them with `combine`.
  template <class Combine>
  void merge(std::string_view target, const std::vector<std::string>& sources, Combine&& combine) {
    std::optional<V> acc;
    for (const auto& ns : sources) {
      state_->set_current_namespace(ns);
      if (auto v = state_->value()) {
        acc = acc ? combine(std::move(*acc), std::move(*v)) : std::move(*v);
        state_->clear();
      }
    }
    state_->set_current_namespace(target);
    if (acc) {
      auto mine = state_->value();
      state_->update(mine ? combine(std::move(*mine), std::move(*acc)) : std::move(*acc));
    }
  }

  /// Writes the table and the index of the windows in the backend (see the class comment).
  void snapshot(flow::state_snapshot_context& ctx) {
    if constexpr (has_codec<K> && has_codec<W> && has_codec<V>) {
      std::string key;
      std::string value;
      table_.for_each([&](const W& w, const K& k, const V& v) {
        key.clear();
        value.clear();
        encode(k, key);
        encode(w, value);
        encode(v, value);
        ctx.add_keyed(contents_part, flow::key_group{group_of(k)}, key, value);
      });
      for (const auto& [w, groups] : in_backend_) {
        key.clear();
        encode(w, key);
        for (const auto& [g, n] : groups) {
          value.clear();
          encode(static_cast<std::uint64_t>(n), value);
          ctx.add_keyed(in_backend_part, flow::key_group{g}, key, value);
        }
      }
    } else {
      throw weir_exception(error(errc::invalid_plan,
                                 "its window contents cannot be checkpointed: "
                                   + missing_codec()
                                   + " has no weir::codec; specialize weir::codec for it (see "
                                     "the README)"));
    }
  }

  /// Reads back what snapshot() wrote, for the key groups of this instance (before open()).
  void restore(flow::state_initialization_context& ctx) {
    if constexpr (has_codec<K> && has_codec<W> && has_codec<V>) {
      ctx.for_each_keyed(contents_part, [&](flow::key_group, std::string_view key,
                                            std::string_view value) {
        auto k = decode<K>(key);
        auto wv = decode<std::pair<W, V>>(value);
        if (!k || !wv)
          throw weir_exception(error(errc::state_error,
                                     "restored window contents do not decode with the job's "
                                     "key, window and value types: they changed since the "
                                     "checkpoint"));
        bool created = false;
        table_.get_or_create(*k, wv->first, created) = std::move(wv->second);
      });
      ctx.for_each_keyed(in_backend_part, [&](flow::key_group g, std::string_view key,
                                              std::string_view value) {
        auto w = decode<W>(key);
        auto n = decode<std::uint64_t>(value);
        if (!w || !n)
          throw weir_exception(error(errc::state_error,
                                     "a restored window in the backend does not decode with "
                                     "the job's window type: it changed since the checkpoint"));
        in_backend_[*w][g.value] += *n;
      });
    }
  }

private:
  [[nodiscard]] bool in_backend() const {
    return !in_backend_.empty() && in_backend_.contains(*window_);
  }
  /// The selected key and window, in the backend.
  void use_backend_entry() {
    keys_->set_current_key(*key_);
    ns_.clear();
    encode(*window_, ns_);
    state_->set_current_namespace(ns_);
  }
  [[nodiscard]] std::uint32_t group_of(const K& key) const noexcept {
    return flow::assign_to_key_group(key_hash<K>{}(key), max_parallelism_).value;
  }
  void count_in_backend(const K& key, const W& window) {
    ++in_backend_[window][group_of(key)];
  }
  void uncount_in_backend(const K& key, const W& window) {
    auto w = in_backend_.find(window);
    if (w == in_backend_.end())
      return;
    auto g = w->second.find(group_of(key));
    if (g != w->second.end() && --g->second == 0)
      w->second.erase(g);
    if (w->second.empty())
      in_backend_.erase(w);
  }

  /// Writes a value of the table to the backend (its key becomes the backend's current key);
  /// `known_absent`: the backend has no value of that key and window (else it is asked).
  void write_to_backend(const W& w, const K& key, V& v, bool known_absent) {
    keys_->set_current_key(key);
    ns_.clear();
    encode(w, ns_);
    state_->set_current_namespace(ns_);
    if (known_absent || !state_->value())
      count_in_backend(key, w);
    state_->update(std::move(v));
  }

  /// The cache is full: the oldest window other than the selected one goes to RocksDB, or
  /// the selected one if it is the only one (a single window with more keys than the bound,
  /// e.g. count windows), so that the bound holds.
  void spill_oldest() {
    auto spill = [&](const W& w, const K& key, V& v) { write_to_backend(w, key, v, true); };
    if (table_.take_oldest_except(window_, spill) || table_.take_oldest_except(nullptr, spill))
      keys_->set_current_key(*key_); // the element's key is the backend's again
  }

  /// After restore(), in open(): values restored into the table go to the backend if their
  /// window is (also) there (instances merged by a restore at a lower parallelism), if there is
  /// no cache, or while the cache is over its bound.
  void settle_restored() {
    if (table_.entries() == 0)
      return;
    bool moved = false;
    auto to_backend = [&](const W& w, const K& key, V& v) {
      write_to_backend(w, key, v, false);
      moved = true;
    };
    for (const auto& [w, groups] : in_backend_)
      table_.take(w, to_backend);
    if (!typed_)
      while (table_.take_oldest_except(nullptr, to_backend)) {}
    else if (cached_)
      while (table_.entries() > capacity_ && table_.take_oldest_except(nullptr, to_backend)) {}
    if (moved)
      keys_->clear_current_key();
  }

  static std::string missing_codec() {
    if constexpr (!has_codec<V>)
      return "the window's value (accumulator) type " + detail::type_name<V>();
    else if constexpr (!has_codec<K>)
      return "the key type " + detail::type_name<K>();
    else
      return "the window type " + detail::type_name<W>();
  }

  bool typed_ = false;
  bool cached_ = false;
  bool indexed_ = false; ///< in_backend_ counts the values in the backend (not for merging)
  std::size_t capacity_ = 0;
  int max_parallelism_ = 128;
  state::value_state<V>* state_ = nullptr;
  flow::keyed_state_scope<K>* keys_ = nullptr;
  heap_window_table<K, W, V> table_;
  /// Windows with values in the backend -> key group -> how many: on the RocksDB cache, a
  /// window found here is served from RocksDB; without a cache, every window is here.
  std::map<W, std::map<std::uint32_t, std::size_t>> in_backend_;
  std::string ns_;
  const K* key_ = nullptr;
  const W* window_ = nullptr;
};

/// The fold of an incremental reduce: `T f(const T&, const T&)`, the value is the result.
template <class T, class F>
struct reduce_ops {
  using value_type = T;
  using result_type = T;
  F f;
  T add(T* acc, const T& v) { return acc ? T(f(std::as_const(*acc), v)) : v; }
  T result(const T& acc) { return acc; }
  T merge(T a, T b) { return T(f(std::as_const(a), b)); }
};

/// The fold of an incremental aggregate (Flink's AggregateFunction).
template <class In, class Acc, class Out, class Agg>
struct aggregate_ops {
  using value_type = Acc;
  using result_type = Out;
  Agg agg;
  Acc add(Acc* acc, const In& v) {
    return agg.add(v, acc ? std::move(*acc) : agg.create_accumulator());
  }
  Out result(const Acc& acc) { return agg.get_result(acc); }
  Acc merge(Acc a, Acc b) {
    if constexpr (requires { agg.merge(std::move(a), std::move(b)); }) {
      return Acc(agg.merge(std::move(a), std::move(b)));
    } else {
      throw weir_exception(error(errc::invalid_plan,
                                 "session windows merge accumulators: the aggregate function "
                                 "needs `Acc merge(Acc, Acc)`"));
    }
  }
};

/// Incremental contents (reduce, aggregate): one value per window, folded by `Ops`.
template <class K, class W, class In, class Ops>
class incremental_contents {
public:
  using value_type = typename Ops::value_type;
  using element_type = typename Ops::result_type;
  explicit incremental_contents(Ops ops) : ops_(std::move(ops)) {}

  void open(const runtime_context& ctx, bool merging, flow::keyed_state_scope<K>* keys) {
    if (merging)
      values_.use_backend(ctx);
    else
      values_.open(ctx, keys);
  }
  [[nodiscard]] bool keyed_by_backend() const noexcept { return values_.keyed_by_backend(); }
  void select(const K& key, const W& w, std::string_view ns) { values_.select(key, w, ns); }
  bool add(const In& value, std::int64_t) {
    return values_.update([&](value_type* acc) { return ops_.add(acc, value); });
  }
  template <class Fn>
  bool emit(const W&, evictor_context&, Fn&& fn) {
    auto acc = values_.value();
    if (!acc)
      return false;
    scratch_.clear();
    scratch_.push_back(ops_.result(*acc));
    fn(scratch_);
    return true;
  }
  void clear() { values_.clear(); }
  void merge(std::string_view target, const std::vector<std::string>& sources) {
    values_.merge(target, sources,
                  [&](value_type a, value_type b) { return ops_.merge(std::move(a), std::move(b)); });
  }
  void snapshot(flow::state_snapshot_context& ctx) { values_.snapshot(ctx); }
  void restore(flow::state_initialization_context& ctx) { values_.restore(ctx); }

private:
  Ops ops_;
  window_value_store<K, W, value_type> values_;
  std::vector<element_type> scratch_;
};

/// Moves the elements of the windows `sources` (namespaces) to the end of `target`'s.
template <class E>
void merge_lists(state::list_state<E>& state, std::string_view target,
                 const std::vector<std::string>& sources) {
  std::vector<E> all;
  for (const auto& ns : sources) {
    state.set_current_namespace(ns);
    auto v = state.get();
    all.insert(all.end(), std::make_move_iterator(v.begin()), std::make_move_iterator(v.end()));
    state.clear();
  }
  state.set_current_namespace(target);
  state.add_all(all);
}

/// Every element (process / apply without an incremental step).
template <class T>
class list_contents {
public:
  using element_type = T;

  template <class Keys>
  void open(const runtime_context& ctx, bool, Keys*) {
    state_ = &ctx.get_state(state::list_state_descriptor<T>(contents_state));
  }
  [[nodiscard]] bool keyed_by_backend() const noexcept { return true; }
  template <class K, class W>
  void select(const K&, const W&, std::string_view ns) { state_->set_current_namespace(ns); }
  /// Says "first" every time: a list cannot tell cheaply (the operator then asks the trigger).
  bool add(const T& value, std::int64_t) {
    state_->add(value);
    return true;
  }
  template <class W, class Fn>
  bool emit(const W&, evictor_context&, Fn&& fn) {
    auto all = state_->get();
    if (all.empty())
      return false;
    fn(all);
    return true;
  }
  void clear() { state_->clear(); }
  void merge(std::string_view target, const std::vector<std::string>& sources) {
    merge_lists(*state_, target, sources);
  }
  // Every element is in the backend, which checkpoints itself.
  void snapshot(flow::state_snapshot_context&) {}
  void restore(flow::state_initialization_context&) {}

private:
  state::list_state<T>* state_ = nullptr;
};

/// Every element with its timestamp, for an evictor (Flink's EvictingWindowOperator): on a
/// fire the evictor may remove elements before and after the function, which then sees the
/// rest through `Finish` (identity, or the reduce / aggregate applied over the rest).
template <class T, class Evictor, class Finish>
class evicting_contents {
public:
  using element_type = typename Finish::result_type;
  evicting_contents(Evictor evictor, Finish finish)
    : evictor_(std::move(evictor)), finish_(std::move(finish)) {}

  template <class Keys>
  void open(const runtime_context& ctx, bool, Keys*) {
    state_ = &ctx.get_state(state::list_state_descriptor<timestamped_value<T>>(contents_state));
  }
  [[nodiscard]] bool keyed_by_backend() const noexcept { return true; }
  template <class K, class W>
  void select(const K&, const W&, std::string_view ns) { state_->set_current_namespace(ns); }
  bool add(const T& value, std::int64_t ts) {
    state_->add(timestamped_value<T>{value, ts});
    return true;
  }
  template <class W, class Fn>
  bool emit(const W& window, evictor_context& ctx, Fn&& fn) {
    auto all = state_->get();
    if (all.empty())
      return false;
    const auto size = all.size();
    evictor_.evict_before(all, size, window, ctx);
    values_.clear();
    for (const auto& e : all)
      values_.push_back(e.value);
    finish_(values_, fn);
    evictor_.evict_after(all, all.size(), window, ctx);
    state_->update(all);
    return true;
  }
  void clear() { state_->clear(); }
  void merge(std::string_view target, const std::vector<std::string>& sources) {
    merge_lists(*state_, target, sources);
  }
  // Every element is in the backend, which checkpoints itself.
  void snapshot(flow::state_snapshot_context&) {}
  void restore(flow::state_initialization_context&) {}

private:
  Evictor evictor_;
  Finish finish_;
  state::list_state<timestamped_value<T>>* state_ = nullptr;
  std::vector<T> values_;
};

/// The elements as they are.
template <class T>
struct identity_finish {
  using result_type = T;
  template <class Fn>
  void operator()(std::vector<T>& values, Fn& fn) const {
    fn(values);
  }
};

/// The fold of the elements that are left (none left: nothing to pass on, as Flink's
/// ReduceApplyWindowFunction would fail on an empty window; Weir skips the call).
template <class Ops>
struct incremental_finish {
  using result_type = typename Ops::result_type;
  Ops ops;
  template <class T, class Fn>
  void operator()(std::vector<T>& values, Fn& fn) {
    if (values.empty())
      return;
    std::optional<typename Ops::value_type> acc;
    for (const auto& v : values)
      acc = ops.add(acc ? &*acc : nullptr, v);
    std::vector<result_type> one{ops.result(*acc)};
    fn(one);
  }
};

} // namespace weir::windowing_detail
