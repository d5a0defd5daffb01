#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "weir/collector.hpp"
#include "weir/detail/rich_function.hpp"
#include "weir/error.hpp"
#include "weir/flow/internal_timer_service.hpp"
#include "weir/flow/keyed_state_scope.hpp"
#include "weir/flow/two_input_operator.hpp"
#include "weir/process_join_context.hpp"

namespace weir::state {
template <class K, class V>
class map_state;
template <class K, class V>
class map_state_descriptor;
} // namespace weir::state

namespace weir::flow {

/// The bounds of an interval join as the user gave them (ms): a pair (a, b) joins when
/// b.ts ∈ [a.ts + lower, a.ts + upper], each end inclusive unless made exclusive.
struct interval_join_bounds {
  std::int64_t lower = 0;
  std::int64_t upper = 0;
  bool lower_inclusive = true;
  bool upper_inclusive = true;
};

/// Flink's IntervalJoinOperator: the inner interval join of two keyed streams in event time.
/// An element of either input (its key current) goes into its side's buffer, a keyed map
/// state from timestamp to the elements with that timestamp (so checkpoints include it, on
/// the heap or in RocksDB), and is joined with every element of the other side's buffer whose
/// timestamp lies in the interval; `F` is called as f(left, right, process_join_context&,
/// collector<Out>&) per pair, and what it emits carries max(left ts, right ts). An element
/// older than the current watermark is dropped (late_records_dropped counts them). Per
/// element an event-time cleanup timer removes its bucket once no element of the other side
/// can join it any more (Flink's rule: a left element at ts at ts + upper if upper > 0, else
/// at ts; a right element at ts − lower if lower < 0, else at ts; exclusive bounds first move
/// inward by 1 ms). A record without a timestamp fails the job. Both inputs arrive partitioned
/// by key group with this operator's max parallelism. Lives on its task's thread.
template <class K, class A, class B, class Out, class KeySelector1, class KeySelector2, class F>
class interval_join_operator final : public two_input_operator<A, B, Out> {
public:
  /// Names of the buffers in keyed state (Flink's).
  static constexpr const char* left_buffer_name = "LEFT_BUFFER";
  static constexpr const char* right_buffer_name = "RIGHT_BUFFER";

  template <class T>
  using buffer_type = state::map_state<std::int64_t, std::vector<T>>;
  template <class T>
  using buffer_descriptor = state::map_state_descriptor<std::int64_t, std::vector<T>>;

  interval_join_operator(runtime_context ctx, KeySelector1 key1, KeySelector2 key2, F f,
                         interval_join_bounds bounds)
    : two_input_operator<A, B, Out>(std::move(ctx)), key1_(std::move(key1)),
      key2_(std::move(key2)), f_(std::move(f)),
      // Flink moves exclusive bounds inward by 1 ms so that only inclusive ones are checked.
      lower_(bounds.lower_inclusive ? bounds.lower : bounds.lower + 1),
      upper_(bounds.upper_inclusive ? bounds.upper : bounds.upper - 1), state_(this->context()),
      ctx_(this->context()), left_cleanup_(*this, true), right_cleanup_(*this, false),
      left_timers_(this->context().max_number_of_parallel_subtasks(), left_cleanup_),
      right_timers_(this->context().max_number_of_parallel_subtasks(), right_cleanup_) {
    this->bind_keyed_state(state_.binding());
  }

  void open() override {
    left_ = &this->context().get_state(buffer_descriptor<A>{left_buffer_name});
    right_ = &this->context().get_state(buffer_descriptor<B>{right_buffer_name});
    this->guarded([&] { detail::open_function(f_, this->context()); });
  }
  void close() override { detail::close_function(f_); }

  void connect_side_output(const std::string&, std::unique_ptr<side_slot_base> slot) override {
    ctx_.add_slot(std::move(slot));
  }

  /// Fires the cleanup timers due at `t` (the final watermark empties both buffers).
  void process_watermark(event_time t) override {
    watermark_ = t;
    left_timers_.advance_watermark(t);
    right_timers_.advance_watermark(t);
  }

  void snapshot_state(state_snapshot_context& ctx) override {
    left_timers_.snapshot(ctx, "left-timers");
    right_timers_.snapshot(ctx, "right-timers");
  }
  void initialize_state(state_initialization_context& ctx) override {
    left_timers_.restore(ctx, "left-timers");
    right_timers_.restore(ctx, "right-timers");
  }

  /// Elements dropped because they were older than the watermark (Flink's
  /// numLateRecordsDropped).
  [[nodiscard]] std::uint64_t late_records_dropped() const noexcept { return late_dropped_; }

  /// How many elements of `key` the left and right buffers hold (reads the keyed state; for
  /// tests and diagnostics, after open()).
  [[nodiscard]] std::pair<std::size_t, std::size_t> buffered(const K& key) {
    state_.set_current_key(key);
    std::pair<std::size_t, std::size_t> n{count(*left_), count(*right_)};
    state_.clear_current_key();
    return n;
  }
  /// Cleanup timers pending (left, right).
  [[nodiscard]] std::pair<std::size_t, std::size_t> cleanup_timers() const noexcept {
    return {left_timers_.event_time_timers(), right_timers_.event_time_timers()};
  }

protected:
  void process_first(const record_batch<A>& batch, record_batch<Out>& out) override {
    process_side<true>(batch, out, key1_, *left_, *right_, lower_, upper_);
  }
  void process_second(const record_batch<B>& batch, record_batch<Out>& out) override {
    process_side<false>(batch, out, key2_, *right_, *left_, negate(upper_), negate(lower_));
  }
  void after_batch() override { ctx_.flush_side_outputs(); }

private:
  /// Cleanup timers of one side fire here.
  struct cleanup final : internal_timer_service<K>::triggerable {
    cleanup(interval_join_operator& op, bool left) : self(&op), left_side(left) {}
    void on_timer(const K& key, event_time t, time_domain) override {
      self->clean(left_side, key, t.value());
    }
    void after_timers(time_domain) override { self->state_.clear_current_key(); }
    interval_join_operator* self;
    bool left_side;
  };

  /// Flink's processElement for either side: `lower`/`upper` are relative to `Our`'s
  /// timestamp (the right side's are the left's negated and swapped).
  template <bool Left, class Our, class Other, class KeyOf>
  void process_side(const record_batch<Our>& batch, record_batch<Out>& out, KeyOf& key_of,
                    buffer_type<Our>& ours, buffer_type<Other>& others, std::int64_t lower,
                    std::int64_t upper) {
    if (batch.empty())
      return;
    if (!batch.has_timestamps())
      throw weir_exception(error(
        errc::invalid_plan,
        std::string("interval join got a record without a timestamp on its ")
          + (Left ? "left (first)" : "right (second)")
          + " input: an interval join runs in event time; call "
            "assign_timestamps_and_watermarks(...) on that stream (or on its source) before "
            "key_by"));
    collector<Out> c{out.records};
    for (std::size_t i = 0; i < batch.size(); ++i) {
      const Our& value = batch.records[i];
      const std::int64_t ts = batch.timestamps[i];
      if (watermark_ != event_time_min && ts < watermark_.value()) {
        ++late_dropped_;
        continue;
      }
      const K key = key_of(value);
      state_.set_current_key(key);
      auto bucket = ours.get(ts);
      if (!bucket)
        bucket.emplace();
      bucket->push_back(value);
      ours.put(ts, std::move(*bucket));
      const std::int64_t from = saturated_add(ts, lower);
      const std::int64_t to = saturated_add(ts, upper);
      for (const auto& [other_ts, elements] : others.entries()) {
        if (other_ts < from || other_ts > to)
          continue;
        for (const auto& other : elements) {
          if constexpr (Left)
            emit_pair(value, other, ts, other_ts, c, out);
          else
            emit_pair(other, value, other_ts, ts, c, out);
        }
      }
      const std::int64_t cleanup_at = upper > 0 ? saturated_add(ts, upper) : ts;
      (Left ? left_timers_ : right_timers_).register_event_time_timer(key, event_time{cleanup_at});
    }
    state_.clear_current_key();
  }

  void emit_pair(const A& left, const B& right, std::int64_t left_ts, std::int64_t right_ts,
                 collector<Out>& c, record_batch<Out>& out) {
    ctx_.set_pair(left_ts, right_ts);
    f_(left, right, ctx_, c);
    out.timestamps.resize(out.records.size(), ctx_.timestamp().value());
  }

  /// Flink's onEventTime: removes the bucket whose cleanup time `t` is.
  void clean(bool left_side, const K& key, std::int64_t t) {
    state_.set_current_key(key);
    if (left_side)
      left_->remove(upper_ <= 0 ? t : t - upper_);
    else
      right_->remove(lower_ <= 0 ? t + lower_ : t);
  }

  template <class T>
  static std::size_t count(buffer_type<T>& buffer) {
    std::size_t n = 0;
    for (const auto& entry : buffer.entries())
      n += entry.second.size();
    return n;
  }

  static std::int64_t negate(std::int64_t v) noexcept {
    return v == std::numeric_limits<std::int64_t>::min() ? std::numeric_limits<std::int64_t>::max()
                                                         : -v;
  }
  /// a + b, clamped to the range of int64 (timestamps near its ends, or huge bounds).
  static std::int64_t saturated_add(std::int64_t a, std::int64_t b) noexcept {
    std::int64_t r = 0;
    if (!__builtin_add_overflow(a, b, &r))
      return r;
    return b > 0 ? std::numeric_limits<std::int64_t>::max()
                 : std::numeric_limits<std::int64_t>::min();
  }

  KeySelector1 key1_;
  KeySelector2 key2_;
  F f_;
  std::int64_t lower_; ///< inclusive, after moving an exclusive bound inward
  std::int64_t upper_; ///< inclusive, after moving an exclusive bound inward
  keyed_state_scope<K> state_;
  process_join_context ctx_;
  cleanup left_cleanup_;
  cleanup right_cleanup_;
  internal_timer_service<K> left_timers_;
  internal_timer_service<K> right_timers_;
  buffer_type<A>* left_ = nullptr;
  buffer_type<B>* right_ = nullptr;
  event_time watermark_ = event_time_min;
  std::uint64_t late_dropped_ = 0;
};

} // namespace weir::flow
