#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "weir/runtime_context.hpp"
#include "weir/state/list_state_descriptor.hpp"
#include "weir/state/value_state_descriptor.hpp"
#include "weir/windowing/evictors.hpp"

namespace weir::windowing_detail {

// The contents of a window as the window operator keeps them: in the keyed state backend
// (state "window-contents", namespaced by the window), so that checkpoints take them. Each
// policy below has the same members:
//
//   using element_type (what the window function gets a vector of);
//   open(ctx)                        declares the state (after which the backend exists)
//   set_namespace(ns)                scopes later calls to one window
//   add(element, timestamp)
//   has_contents()                   something was added since the last clear
//   emit(window, evictor_ctx, fn)    fn(std::vector<element_type>&) unless empty; false if empty
//   clear()
//   merge(target_ns, source_nss)     folds the sources into the target (session windows)

inline constexpr const char* contents_state = "window-contents";

/// Incremental reduce: one T per window.
template <class T, class F>
class reduce_contents {
public:
  using element_type = T;
  explicit reduce_contents(F f) : f_(std::move(f)) {}

  void open(const runtime_context& ctx) {
    state_ = &ctx.get_state(state::value_state_descriptor<T>(contents_state));
  }
  void set_namespace(std::string_view ns) { state_->set_current_namespace(ns); }
  void add(const T& value, std::int64_t) {
    if (auto acc = state_->value())
      state_->update(f_(std::as_const(*acc), value));
    else
      state_->update(value);
  }
  bool has_contents() { return state_->value().has_value(); }
  template <class W, class Fn>
  bool emit(const W&, evictor_context&, Fn&& fn) {
    auto acc = state_->value();
    if (!acc)
      return false;
    scratch_.clear();
    scratch_.push_back(std::move(*acc));
    fn(scratch_);
    return true;
  }
  void clear() { state_->clear(); }
  void merge(std::string_view target, const std::vector<std::string>& sources) {
    std::optional<T> acc;
    for (const auto& ns : sources) {
      state_->set_current_namespace(ns);
      if (auto v = state_->value()) {
        acc = acc ? f_(std::as_const(*acc), *v) : std::move(*v);
        state_->clear();
      }
    }
    state_->set_current_namespace(target);
    if (acc)
      add(*acc, 0);
  }
  F& function() noexcept { return f_; }

private:
  F f_;
  state::value_state<T>* state_ = nullptr;
  std::vector<T> scratch_;
};

/// Incremental aggregate (Flink's AggregateFunction): one accumulator per window.
template <class In, class Acc, class Out, class Agg>
class aggregate_contents {
public:
  using element_type = Out;
  explicit aggregate_contents(Agg agg) : agg_(std::move(agg)) {}

  void open(const runtime_context& ctx) {
    state_ = &ctx.get_state(state::value_state_descriptor<Acc>(contents_state));
  }
  void set_namespace(std::string_view ns) { state_->set_current_namespace(ns); }
  void add(const In& value, std::int64_t) {
    auto acc = state_->value();
    state_->update(agg_.add(value, acc ? std::move(*acc) : agg_.create_accumulator()));
  }
  bool has_contents() { return state_->value().has_value(); }
  template <class W, class Fn>
  bool emit(const W&, evictor_context&, Fn&& fn) {
    auto acc = state_->value();
    if (!acc)
      return false;
    scratch_.clear();
    scratch_.push_back(agg_.get_result(*acc));
    fn(scratch_);
    return true;
  }
  void clear() { state_->clear(); }
  void merge(std::string_view target, const std::vector<std::string>& sources) {
    if constexpr (requires(Acc a, Acc b) { agg_.merge(std::move(a), std::move(b)); }) {
      std::optional<Acc> acc;
      for (const auto& ns : sources) {
        state_->set_current_namespace(ns);
        if (auto v = state_->value()) {
          acc = acc ? agg_.merge(std::move(*acc), std::move(*v)) : std::move(*v);
          state_->clear();
        }
      }
      state_->set_current_namespace(target);
      if (acc) {
        auto mine = state_->value();
        state_->update(mine ? agg_.merge(std::move(*mine), std::move(*acc)) : std::move(*acc));
      }
    } else {
      (void) target;
      (void) sources;
      throw weir_exception(error(errc::invalid_plan,
                                 "session windows merge accumulators: the aggregate function "
                                 "needs `Acc merge(Acc, Acc)`"));
    }
  }

private:
  Agg agg_;
  state::value_state<Acc>* state_ = nullptr;
  std::vector<Out> scratch_;
};

/// Every element (process / apply without an incremental step).
template <class T>
class list_contents {
public:
  using element_type = T;

  void open(const runtime_context& ctx) {
    state_ = &ctx.get_state(state::list_state_descriptor<T>(contents_state));
  }
  void set_namespace(std::string_view ns) { state_->set_current_namespace(ns); }
  void add(const T& value, std::int64_t) { state_->add(value); }
  bool has_contents() { return !state_->get().empty(); }
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
    std::vector<T> all;
    for (const auto& ns : sources) {
      state_->set_current_namespace(ns);
      auto v = state_->get();
      all.insert(all.end(), std::make_move_iterator(v.begin()), std::make_move_iterator(v.end()));
      state_->clear();
    }
    state_->set_current_namespace(target);
    state_->add_all(all);
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

  void open(const runtime_context& ctx) {
    state_ = &ctx.get_state(state::list_state_descriptor<timestamped_value<T>>(contents_state));
  }
  void set_namespace(std::string_view ns) { state_->set_current_namespace(ns); }
  void add(const T& value, std::int64_t ts) { state_->add(timestamped_value<T>{value, ts}); }
  bool has_contents() { return !state_->get().empty(); }
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
    std::vector<timestamped_value<T>> all;
    for (const auto& ns : sources) {
      state_->set_current_namespace(ns);
      auto v = state_->get();
      all.insert(all.end(), std::make_move_iterator(v.begin()), std::make_move_iterator(v.end()));
      state_->clear();
    }
    state_->set_current_namespace(target);
    state_->add_all(all);
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

/// The reduce of the elements (none: nothing to pass on, as Flink's ReduceApplyWindowFunction
/// would fail on an empty window; Weir skips the call).
template <class T, class F>
struct reduce_finish {
  using result_type = T;
  F f;
  template <class Fn>
  void operator()(std::vector<T>& values, Fn& fn) {
    if (values.empty())
      return;
    T acc = values.front();
    for (std::size_t i = 1; i < values.size(); ++i)
      acc = f(std::as_const(acc), values[i]);
    std::vector<T> one{std::move(acc)};
    fn(one);
  }
};

/// The aggregate of the elements.
template <class In, class Acc, class Out, class Agg>
struct aggregate_finish {
  using result_type = Out;
  Agg agg;
  template <class Fn>
  void operator()(std::vector<In>& values, Fn& fn) {
    Acc acc = agg.create_accumulator();
    for (const auto& v : values)
      acc = agg.add(v, std::move(acc));
    std::vector<Out> one{agg.get_result(acc)};
    fn(one);
  }
};

} // namespace weir::windowing_detail
