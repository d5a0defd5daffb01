#pragma once

#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "weir/codec/encode.hpp"
#include "weir/collector.hpp"
#include "weir/detail/rich_function.hpp"
#include "weir/error.hpp"
#include "weir/flow/internal_timer_service.hpp"
#include "weir/flow/keyed_state_scope.hpp"
#include "weir/flow/one_input_operator.hpp"
#include "weir/windowing/evictors.hpp"
#include "weir/windowing/merging_window_set.hpp"
#include "weir/windowing/trigger_context.hpp"
#include "weir/windowing/window_function.hpp"
#include "weir/windowing/windows.hpp"

namespace weir::flow {

/// A timer of a window operator: the record key and the window it belongs to (Flink's
/// TimerHeapInternalTimer with the window as namespace).
template <class K, class W>
struct window_timer_key {
  K key;
  W window;
  bool operator==(const window_timer_key&) const = default;
};

template <class K, class W>
struct timer_key_group_hash<window_timer_key<K, W>> {
  std::uint64_t operator()(const window_timer_key<K, W>& k) const noexcept {
    return key_hash<K>{}(k.key);
  }
};

} // namespace weir::flow

template <class K, class W>
struct weir::key_hash<weir::flow::window_timer_key<K, W>> {
  std::uint64_t operator()(const weir::flow::window_timer_key<K, W>& k) const noexcept {
    return weir::detail::hash_combine(key_hash<K>{}(k.key), key_hash<W>{}(k.window));
  }
};

/// A window timer in a checkpoint: the key's bytes, then the window's.
template <class K, class W>
  requires weir::has_codec<K> && weir::has_codec<W>
struct weir::codec<weir::flow::window_timer_key<K, W>> {
  static constexpr std::size_t min_encoded_size = min_encoded_size_v<K> + min_encoded_size_v<W>;
  static void encode(byte_writer& out, const weir::flow::window_timer_key<K, W>& k) {
    out.write(k.key);
    out.write(k.window);
  }
  static void decode(byte_reader& in, weir::flow::window_timer_key<K, W>& k) {
    in.read(k.key) && in.read(k.window);
  }
};

namespace weir::flow {

/// The options of a window operator beside its functions.
struct window_options {
  std::int64_t allowed_lateness = 0;
  std::string late_data_tag; ///< side output of late elements; empty: none (dropped, counted)
};

/// Flink's WindowOperator (and EvictingWindowOperator, through the contents policy): per
/// record, the assigner files it into windows, the contents policy adds it to each window's
/// state (keyed state namespaced by the window, so checkpoints take it), and the trigger
/// decides whether the window function runs (fire) and the contents go (purge). Timers are
/// (key, window, time), on the keyed timer service; each window gets a cleanup timer at
/// max_timestamp + allowed lateness (event time) or max_timestamp (processing time) that
/// clears its contents, trigger state and per-window state. Elements of windows past cleanup
/// are late: dropped and counted, or sent to the late-data side output. Merging assigners
/// (sessions) keep their in-flight windows in a merging_window_set.
///
/// `Fn` is called as fn(const K&, window_context<W>&, std::vector<E>&, collector<Out>&) with
/// the contents' elements; what it emits takes the window's max_timestamp as timestamp.
template <class K, class In, class Out, class KeySelector, class Assigner, class Trigger,
          class Contents, class Fn>
class window_operator final
  : public one_input_operator<In, Out>,
    private internal_timer_service<window_timer_key<K, typename Assigner::window_type>>::triggerable,
    private trigger_context,
    private evictor_context {
public:
  using W = typename Assigner::window_type;
  using timer_key = window_timer_key<K, W>;
  static constexpr std::int64_t max_time = std::numeric_limits<std::int64_t>::max();
  static constexpr std::int64_t no_timestamp = std::numeric_limits<std::int64_t>::min();
  static constexpr const char* timers_part = "window-timers";

  window_operator(runtime_context ctx, KeySelector key, Assigner assigner, Trigger trigger,
                  Contents contents, Fn fn, window_options options)
    : one_input_operator<In, Out>(std::move(ctx)), key_(std::move(key)),
      assigner_(std::move(assigner)), trigger_(std::move(trigger)),
      contents_(std::move(contents)), fn_(std::move(fn)), options_(std::move(options)),
      state_(this->context()), wctx_(this->context()),
      timers_(this->context().max_number_of_parallel_subtasks(), *this) {
    this->bind_keyed_state(state_.binding());
    trigger_context::bind(this->context());
    wctx_.set_merging(Assigner::is_merging);
    wctx_.set_processing_time_source(
      [](const void* op) { return static_cast<const window_operator*>(op)->processing_now(); },
      this);
  }

  void open() override {
    if (auto* service = this->processing_time())
      timers_.bind(*service);
    this->guarded([&] {
      // Creates the backend: keys are set from here on.
      contents_.open(this->context(), Assigner::is_merging, &state_);
      keyed_by_backend_ = contents_.keyed_by_backend();
      if constexpr (Assigner::is_merging) {
        bool can_merge = false;
        if constexpr (requires { trigger_.can_merge(); })
          can_merge = trigger_.can_merge();
        if (!can_merge)
          throw weir_exception(error(errc::invalid_plan,
                                     "a merging window assigner (session windows) needs a "
                                     "trigger that can merge (can_merge() and on_merge)"));
        windows_in_flight_.open(this->context());
      }
      detail::open_function(fn_, this->context());
      // Lazily keyed: with the typed heap table, and no state a function holds from open(),
      // the backend's current key and the window's namespace are made current only when a
      // trigger or window function asks for a state (runtime_context::get_state calls back).
      auto& binding = *state_.binding();
      lazy_key_ = !keyed_by_backend_ && !Assigner::is_merging && binding.backend
                  && binding.backend->states().size() == 1;
      if (lazy_key_) {
        binding.before_access = [](void* op) {
          static_cast<window_operator*>(op)->prepare_state_access();
        };
        binding.before_access_arg = this;
      }
    });
  }
  void close() override { detail::close_function(fn_); }

  // -- checkpoints -----------------------------------------------------------------------------
  // The timers (part "window-timers", in the key group of their record key) and the values of
  // incremental windows kept on the heap (parts "window-contents" and "windows-in-backend",
  // see window_value_store); everything else (list contents, merging window sets, trigger and
  // per-window state) is keyed state in the backend, which the runtime snapshots after this.
  void snapshot_state(state_snapshot_context& ctx) override {
    timers_.snapshot(ctx, timers_part);
    contents_.snapshot(ctx);
  }
  void initialize_state(state_initialization_context& ctx) override {
    timers_.restore(ctx, timers_part);
    contents_.restore(ctx);
  }

  void connect_side_output(const std::string&, std::unique_ptr<side_slot_base> slot) override {
    wctx_.add_slot(std::move(slot));
  }

  void push(record_batch<In>& batch) override {
    this->records_in += batch.size();
    this->guarded([&] {
      const bool stamped = !batch.timestamps.empty();
      for (std::size_t i = 0; i < batch.records.size(); ++i) {
        const In& r = batch.records[i];
        const K key = key_(r);
        key_now_ = &key;
        backend_key_set_ = false;
        if (keyed_by_backend_)
          use_backend_key();
        process_element(r, stamped ? batch.timestamps[i] : no_timestamp);
      }
      key_now_ = nullptr;
      state_.clear_current_key();
      state_.after_batch(batch.size());
      flush();
    });
  }

  void process_watermark(event_time t) override { timers_.advance_watermark(t); }

  /// Late elements dropped without a late-data side output (Flink's numLateRecordsDropped).
  [[nodiscard]] std::uint64_t late_records_dropped() const noexcept { return late_dropped_; }

private:
  // -- elements --------------------------------------------------------------------------------
  void process_element(const In& r, std::int64_t ts) {
    assigned_.clear();
    // An event-time assigner does not read the clock: no clock read per record for it.
    assigner_.assign_windows(r, ts, Assigner::is_event_time ? 0 : processing_now(),
                             [&](const W& w) { assigned_.push_back(w); });
    bool skipped = true;
    if constexpr (Assigner::is_merging) {
      use_backend_key();
      windows_in_flight_.load();
      for (const auto& w : assigned_) {
        W actual = windows_in_flight_.add_window(
          assigner_, w,
          [&](const W& result, const std::vector<W>& merged, const W& state_window,
              const std::vector<W>& merged_state_windows) {
            merge_windows(result, merged, state_window, merged_state_windows);
          });
        if (is_window_late(actual)) {
          windows_in_flight_.retire_window(actual);
          continue;
        }
        skipped = false;
        auto state_window = windows_in_flight_.state_window(actual);
        if (!state_window)
          throw weir_exception(error(errc::internal, "window operator: a window in flight has "
                                                     "no state window"));
        use_contents_namespace(*state_window);
        use_window(actual);
        on_element_in(actual, r, ts);
      }
      windows_in_flight_.persist();
    } else {
      for (const auto& w : assigned_) {
        if (is_window_late(w))
          continue;
        skipped = false;
        use_window(w);
        // A window is its own state window.
        contents_.select(*key_now_, w, keyed_by_backend_ ? window_ns() : std::string_view{});
        on_element_in(w, r, ts);
      }
    }
    if (skipped && is_element_late(ts)) {
      if (!options_.late_data_tag.empty()) {
        wctx_.set_timestamp(ts);
        wctx_.output(late_tag(), r);
      } else {
        ++late_dropped_;
      }
    }
  }

  /// The element goes into `w`, which is the current window, with its contents namespace set.
  void on_element_in(const W& w, const In& r, std::int64_t ts) {
    const bool first = contents_.add(r, ts);
    // A window that had contents has its cleanup timer, and the timer of a trigger that only
    // sets one at the window's end (see end_timer_only): asking again per element would cost
    // two timer lookups for nothing. Late firings (end passed) still ask the trigger.
    if constexpr (!Assigner::is_merging && end_timer_in_window_time<Trigger>) {
      const std::int64_t now =
        Assigner::is_event_time ? current_watermark() : processing_now();
      if (!first && w.max_timestamp() > now)
        return;
    }
    prepare_calls();
    const auto result = trigger_.on_element(r, ts, w, trigger_ctx());
    if (fires(result))
      emit_window(w);
    if (purges(result))
      contents_.clear();
    // Without lateness the cleanup timer of an event-time window is the end timer its
    // end_timer_only trigger just set: one lookup less.
    if constexpr (!Assigner::is_merging && end_timer_in_window_time<Trigger>
                  && Assigner::is_event_time)
      if (options_.allowed_lateness == 0)
        return;
    register_cleanup_timer(w);
  }

  /// The trigger only sets a timer at the window's end, in the assigner's time (see
  /// end_timer_only in triggers.hpp); a trigger on the other clock is asked for every element.
  template <class T>
  static constexpr bool end_timer_in_window_time = [] {
    if constexpr (requires { T::end_timer_only; T::end_timer_event_time; })
      return T::end_timer_only && T::end_timer_event_time == Assigner::is_event_time;
    else
      return false;
  }();

  // -- timers ----------------------------------------------------------------------------------
  void on_timer(const timer_key& tk, event_time t, time_domain domain) override {
    firing_ = &tk;
    firing_time_ = t.value();
    firing_domain_ = domain;
    struct reset {
      const timer_key*& f;
      ~reset() { f = nullptr; }
    } done{firing_};
    this->guarded([&] {
      key_now_ = &tk.key;
      backend_key_set_ = false;
      const W window = tk.window;
      if constexpr (Assigner::is_merging) {
        use_backend_key();
        windows_in_flight_.load();
        auto state_window = windows_in_flight_.state_window(window);
        if (!state_window)
          return; // merged away meanwhile: its timer is stale
        use_contents_namespace(*state_window);
        use_window(window);
      } else {
        use_window(window);
        contents_.select(*key_now_, window, keyed_by_backend_ ? window_ns() : std::string_view{});
      }
      prepare_calls();
      // As Flink: the trigger sees its timer even when the window is empty (a purged
      // continuous trigger keeps its schedule); only the emission needs contents.
      const auto result = domain == time_domain::event_time
                            ? trigger_.on_event_time(t.value(), window, trigger_ctx())
                            : trigger_.on_processing_time(t.value(), window, trigger_ctx());
      if (fires(result))
        emit_window(window);
      if (purges(result))
        contents_.clear();
      const bool cleanup_domain = (domain == time_domain::event_time) == Assigner::is_event_time;
      if (cleanup_domain && t.value() == cleanup_time(window))
        clear_all_state(window);
      if constexpr (Assigner::is_merging)
        windows_in_flight_.persist();
    });
  }

  void after_timers(time_domain) override {
    this->guarded([&] {
      key_now_ = nullptr;
      state_.clear_current_key();
      flush();
    });
  }

  // -- windows ---------------------------------------------------------------------------------
  void merge_windows(const W& result, const std::vector<W>& merged, const W& state_window,
                     const std::vector<W>& merged_state_windows) {
    if constexpr (Assigner::is_event_time) {
      if (cleanup_time(result) <= current_watermark())
        throw weir_exception(error(errc::internal,
                                   "window operator: merging made an event-time window end "
                                   "before the current watermark"));
    } else {
      if (result.max_timestamp() <= processing_now())
        throw weir_exception(error(errc::internal,
                                   "window operator: merging made a processing-time window end "
                                   "before the current processing time"));
    }
    use_window(result);
    (void) window_ns();
    auto& merged_ns = trigger_context::merged_namespaces();
    merged_ns.clear();
    for (const auto& m : merged)
      merged_ns.push_back(encode_window(m));
    if constexpr (requires { trigger_.on_merge(result, trigger_ctx()); })
      trigger_.on_merge(result, trigger_ctx());
    for (const auto& m : merged) {
      use_window(m);
      (void) window_ns();
      trigger_.clear(m, trigger_ctx());
      delete_cleanup_timer(m);
    }
    std::vector<std::string> sources;
    for (const auto& s : merged_state_windows)
      sources.push_back(encode_window(s));
    contents_.merge(encode_window(state_window), sources);
  }

  /// Fires `w`, the current window (prepare_calls ran for it).
  void emit_window(const W& w) {
    wctx_.set_window(&w, &window_ns_);
    wctx_.set_timestamp(w.max_timestamp());
    wctx_.set_watermark(current_watermark());
    collector<Out> out{out_buf_.records};
    contents_.emit(w, *static_cast<evictor_context*>(this),
                   [&](auto& elements) { fn_(*key_now_, wctx_, elements, out); });
    out_buf_.timestamps.resize(out_buf_.records.size(), w.max_timestamp());
  }

  /// Cleans up `w`, the current window (prepare_calls ran for it).
  void clear_all_state(const W& w) {
    contents_.clear();
    trigger_.clear(w, trigger_ctx());
    if constexpr (requires { fn_.clear(wctx_); }) {
      wctx_.set_window(&w, &window_ns_);
      wctx_.set_watermark(current_watermark());
      fn_.clear(wctx_);
    }
    if constexpr (Assigner::is_merging)
      windows_in_flight_.retire_window(w);
  }

  [[nodiscard]] std::int64_t cleanup_time(const W& w) const noexcept {
    if constexpr (Assigner::is_event_time) {
      const auto max = w.max_timestamp();
      return max > max_time - options_.allowed_lateness ? max_time
                                                        : max + options_.allowed_lateness;
    } else {
      return w.max_timestamp();
    }
  }
  void register_cleanup_timer(const W& w) {
    const auto t = cleanup_time(w);
    if (t == max_time)
      return; // a global window is never cleaned up
    if constexpr (Assigner::is_event_time)
      register_event_time_timer(t);
    else
      register_processing_time_timer(t);
  }
  void delete_cleanup_timer(const W& w) {
    const auto t = cleanup_time(w);
    if (t == max_time)
      return;
    if constexpr (Assigner::is_event_time)
      delete_event_time_timer(t);
    else
      delete_processing_time_timer(t);
  }
  [[nodiscard]] bool is_window_late(const W& w) const noexcept {
    return Assigner::is_event_time && cleanup_time(w) <= current_watermark();
  }
  [[nodiscard]] bool is_element_late(std::int64_t ts) const noexcept {
    return Assigner::is_event_time && ts != no_timestamp
           && static_cast<__int128>(ts) + options_.allowed_lateness <= current_watermark();
  }

  /// A merging window's contents live in the namespace of its state window.
  void use_contents_namespace(const W& state_window) {
    contents_ns_.clear();
    encode(state_window, contents_ns_);
    contents_.select(*key_now_, state_window, contents_ns_);
  }
  /// The window triggers, timers and window functions see; its namespace is encoded when
  /// first asked for (window_ns), which elements of the typed heap table never do.
  void use_window(const W& w) {
    window_ = &w;
    window_ns_ready_ = false;
  }
  std::string_view window_ns() {
    if (!window_ns_ready_) {
      window_ns_.clear();
      encode(*window_, window_ns_);
      trigger_context::set_namespace(window_ns_);
      window_ns_ready_ = true;
    }
    return window_ns_;
  }
  /// Before a trigger or window function call: the current key is the backend's and the
  /// window's namespace is encoded, unless lazily keyed (then prepare_state_access does it
  /// when a state is asked for).
  void prepare_calls() {
    if (!lazy_key_) {
      use_backend_key();
      (void) window_ns();
    }
  }

  /// A trigger or window function asks for a state (lazily keyed mode): from now on the key
  /// and namespace are set before every trigger and window function call, since a function
  /// may keep the state it got and use it without asking again.
  void prepare_state_access() {
    lazy_key_ = false;
    auto& binding = *state_.binding();
    binding.before_access = nullptr;
    binding.before_access_arg = nullptr;
    if (key_now_ == nullptr)
      return; // outside an element or timer (open, close): no keyed context, as elsewhere
    use_backend_key();
    if (window_ != nullptr)
      (void) window_ns();
  }

  /// Makes the current key the backend's, once per element or timer.
  void use_backend_key() {
    if (!backend_key_set_) {
      state_.set_current_key(*key_now_);
      backend_key_set_ = true;
    }
  }
  static std::string encode_window(const W& w) {
    std::string s;
    encode(w, s);
    return s;
  }

  void flush() {
    this->emit(out_buf_);
    out_buf_.clear();
    wctx_.flush_side_outputs();
  }

  const output_tag<In>& late_tag() {
    if (!late_tag_)
      late_tag_.emplace(options_.late_data_tag);
    return *late_tag_;
  }

  trigger_context& trigger_ctx() noexcept { return *this; }
  [[nodiscard]] std::int64_t processing_now() const noexcept {
    return timers_.current_processing_time().count();
  }

  // -- trigger_context and evictor_context -----------------------------------------------------
  [[nodiscard]] std::int64_t current_watermark() const override {
    return timers_.current_watermark().value();
  }
  [[nodiscard]] std::int64_t current_processing_time() const override { return processing_now(); }
  void register_event_time_timer(std::int64_t t) override {
    if (is_firing(t, time_domain::event_time))
      firing_ = nullptr; // registered again while firing: a later delete must reach the queue
    timers_.register_event_time_timer(timer_key{*key_now_, *window_}, event_time{t});
  }
  void delete_event_time_timer(std::int64_t t) override {
    if (is_firing(t, time_domain::event_time))
      return; // the timer firing now has left the queue already
    timers_.delete_event_time_timer(timer_key{*key_now_, *window_}, event_time{t});
  }
  void register_processing_time_timer(std::int64_t t) override {
    if (is_firing(t, time_domain::processing_time))
      firing_ = nullptr;
    timers_.register_processing_time_timer(timer_key{*key_now_, *window_},
                                           std::chrono::milliseconds{t});
  }
  void delete_processing_time_timer(std::int64_t t) override {
    if (is_firing(t, time_domain::processing_time))
      return;
    timers_.delete_processing_time_timer(timer_key{*key_now_, *window_},
                                         std::chrono::milliseconds{t});
  }

  [[nodiscard]] bool is_firing(std::int64_t t, time_domain d) const {
    return firing_ != nullptr && firing_time_ == t && firing_domain_ == d
           && firing_->key == *key_now_ && firing_->window == *window_;
  }

  KeySelector key_;
  Assigner assigner_;
  Trigger trigger_;
  Contents contents_;
  Fn fn_;
  window_options options_;
  keyed_state_scope<K> state_;
  window_context<W> wctx_;
  internal_timer_service<timer_key> timers_;
  windowing_detail::merging_window_set<W> windows_in_flight_;
  record_batch<Out> out_buf_;
  std::vector<W> assigned_;
  std::string contents_ns_;
  std::string window_ns_;
  bool window_ns_ready_ = false;
  bool keyed_by_backend_ = true;
  bool backend_key_set_ = false;
  bool lazy_key_ = false; ///< see open()
  const K* key_now_ = nullptr;
  const timer_key* firing_ = nullptr; ///< the timer on_timer runs, if any
  std::int64_t firing_time_ = 0;
  time_domain firing_domain_ = time_domain::event_time;
  const W* window_ = nullptr;
  std::optional<output_tag<In>> late_tag_;
  std::uint64_t late_dropped_ = 0;
};

} // namespace weir::flow
