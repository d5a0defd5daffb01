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
#include "weir/flow/keyed_state_scope.hpp"
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

inline constexpr const char* contents_state = "window-contents";

/// Window contents of the heap backend for incremental functions (reduce, aggregate): one
/// typed value per (key, window), without the per-element key and namespace serialization of
/// the generic keyed state (Flink's heap backend keeps objects too). Window-major: per window,
/// the values of its keys, so that the elements of the current window touch one small table
/// however many older windows wait for the watermark, and a window's table goes when its last
/// key fired. Used on the task's thread only.
/// TODO(checkpoints, issue 12): snapshot it by key group as state "window-contents", in the
/// layout of the keyed state snapshot, as the timer queues will be.
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

  /// Hands every (key, value) of the oldest window other than `keep` (null: any) to
  /// `fn(window, key, value)` and forgets that window; false if there is none.
  template <class Fn>
  bool take_oldest_except(const W* keep, Fn&& fn) {
    for (auto w = windows_.begin(); w != windows_.end(); ++w) {
      if (keep != nullptr && w->first == *keep)
        continue;
      w->second.for_each([&](const K& key, V& value) { fn(w->first, key, value); });
      entries_ -= w->second.size();
      drop(w);
      return true;
    }
    return false;
  }

private:
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
template <class K, class W, class V>
class window_value_store {
public:
  /// Declares the state either way, so that the backend exists (triggers and window functions
  /// may use keyed state) and a snapshot finds the name. `keys` sets the backend's current key
  /// for values that move to or come from RocksDB.
  void open(const runtime_context& ctx, flow::keyed_state_scope<K>* keys) {
    state_ = &ctx.get_state(state::value_state_descriptor<V>(contents_state));
    keys_ = keys;
    if (ctx.state().backend == state_backend_kind::heap) {
      typed_ = true;
    } else {
      capacity_ = ctx.state().window_cache_entries;
      typed_ = capacity_ > 0;
      cached_ = typed_;
    }
  }
  /// Merging windows keep their contents in the backend (the typed table is for the
  /// assigners that never merge).
  void use_backend(const runtime_context& ctx) {
    typed_ = false;
    cached_ = false;
    state_ = &ctx.get_state(state::value_state_descriptor<V>(contents_state));
  }
  [[nodiscard]] bool keyed_by_backend() const noexcept { return !typed_; }

  void select(const K& key, const W& window, std::string_view ns) {
    if (typed_) {
      key_ = &key;
      window_ = &window;
    } else {
      state_->set_current_namespace(ns);
    }
  }
  /// Applies `fn(V* current_or_null) -> V` and stores the result; true if there was none.
  template <class Fn>
  bool update(Fn&& fn) {
    if (typed_ && !in_rocksdb()) {
      bool created = false;
      V& v = table_.get_or_create(*key_, *window_, created);
      v = fn(created ? nullptr : &v);
      if (created && cached_ && table_.entries() > capacity_)
        spill_oldest();
      return created;
    }
    if (typed_)
      use_rocksdb();
    auto current = state_->value();
    state_->update(fn(current ? &*current : nullptr));
    if (typed_ && !current)
      ++spilled_[*window_];
    return !current;
  }
  std::optional<V> value() {
    if (typed_ && !in_rocksdb()) {
      if (V* v = table_.find(*key_, *window_))
        return *v;
      return std::nullopt;
    }
    if (typed_)
      use_rocksdb();
    return state_->value();
  }
  void clear() {
    if (typed_ && !in_rocksdb()) {
      table_.erase(*key_, *window_);
      return;
    }
    if (typed_) {
      use_rocksdb();
      if (state_->value()) {
        auto w = spilled_.find(*window_);
        if (--w->second == 0)
          spilled_.erase(w);
      }
    }
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

private:
  [[nodiscard]] bool in_rocksdb() const {
    return cached_ && !spilled_.empty() && spilled_.contains(*window_);
  }
  /// The selected key and window, in the backend.
  void use_rocksdb() {
    keys_->set_current_key(*key_);
    ns_.clear();
    encode(*window_, ns_);
    state_->set_current_namespace(ns_);
  }
  /// The cache is full: the oldest window other than the selected one goes to RocksDB, or
  /// the selected one if it is the only one (a single window with more keys than the bound,
  /// e.g. count windows), so that the bound holds.
  void spill_oldest() {
    std::size_t* count = nullptr;
    auto spill = [&](const W& w, const K& key, V& v) {
      if (count == nullptr) {
        count = &spilled_[w];
        ns_.clear();
        encode(w, ns_);
      }
      keys_->set_current_key(key);
      state_->set_current_namespace(ns_);
      state_->update(std::move(v));
      ++*count;
    };
    if (table_.take_oldest_except(window_, spill) || table_.take_oldest_except(nullptr, spill))
      keys_->set_current_key(*key_); // the element's key is the backend's again
  }

  bool typed_ = false;
  bool cached_ = false;
  std::size_t capacity_ = 0;
  state::value_state<V>* state_ = nullptr;
  flow::keyed_state_scope<K>* keys_ = nullptr;
  heap_window_table<K, W, V> table_;
  std::map<W, std::size_t> spilled_; ///< windows in RocksDB -> their values there
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
