#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "weir/collector.hpp"
#include "weir/error.hpp"
#include "weir/ids.hpp"
#include "weir/process_context.hpp"
#include "weir/runtime_context.hpp"
#include "weir/windowing/windows.hpp"

namespace weir {

/// Keyed state of one scope of a window function: the current key and window
/// (window_context::window_state) or the current key across windows (global_state).
class window_state_store {
public:
  /// `ns` (null: the default namespace) is read after get_state, which may fill it in.
  window_state_store(const runtime_context& rc, const std::string* ns) : rc_(&rc), ns_(ns) {}

  template <class Descriptor>
  typename Descriptor::state_type& get_state(const Descriptor& d) const {
    auto& s = rc_->get_state(d);
    s.set_current_namespace(ns_ != nullptr ? std::string_view{*ns_} : std::string_view{});
    return s;
  }

private:
  const runtime_context* rc_;
  const std::string* ns_;
};

/// Context of a window function call (Flink's ProcessWindowFunction.Context): the window, the
/// clocks, per-window and per-key state, and side outputs. What it emits, to the main and to
/// side outputs, carries the window's max_timestamp() as its timestamp. Owned by the window
/// operator; valid during the call it is passed to.
template <class W>
class window_context : public process_context {
public:
  using process_context::process_context;

  [[nodiscard]] const W& window() const noexcept { return *window_; }
  /// The operator's watermark (event_time_min before the first).
  [[nodiscard]] event_time current_watermark() const noexcept { return event_time{watermark_}; }
  /// The task's processing-time clock (read when asked).
  [[nodiscard]] std::chrono::milliseconds current_processing_time() const noexcept {
    return std::chrono::milliseconds{processing_time_ != nullptr ? processing_time_(clock_arg_)
                                                                  : 0};
  }
  /// State of the current key and window: cleared by the function's clear() (Flink's rule:
  /// the function clears what it put there when the window is purged for good).
  [[nodiscard]] window_state_store window_state() const {
    if (merging_)
      throw weir_exception(error(errc::invalid_plan,
                                 "window_state(): per-window state is not allowed with merging "
                                 "windows (sessions), as in Flink: a session's window changes "
                                 "with every merge; use global_state() or a trigger's state"));
    return {this->runtime(), window_namespace_};
  }
  /// State of the current key, shared by all its windows.
  [[nodiscard]] window_state_store global_state() const { return {this->runtime(), nullptr}; }

  // -- used by the operator ------------------------------------------------------------------
  /// `ns`: the window's namespace, encoded by the time a state is handed out.
  void set_window(const W* w, const std::string* ns) noexcept {
    window_ = w;
    window_namespace_ = ns;
  }
  void set_watermark(std::int64_t watermark) noexcept { watermark_ = watermark; }
  void set_merging(bool merging) noexcept { merging_ = merging; }
  /// `now(arg)` reads the processing-time clock.
  void set_processing_time_source(std::int64_t (*now)(const void*), const void* arg) noexcept {
    processing_time_ = now;
    clock_arg_ = arg;
  }

private:
  const W* window_ = nullptr;
  const std::string* window_namespace_ = nullptr;
  std::int64_t watermark_ = 0;
  bool merging_ = false;
  std::int64_t (*processing_time_)(const void*) = nullptr;
  const void* clock_arg_ = nullptr;
};

/// A function over all elements of a window, with its key and context (Flink's
/// ProcessWindowFunction). Subclass it, or pass a lambda `void(const K&, window_context<W>&,
/// const std::vector<In>&, collector<Out>&)`. After reduce or aggregate, `elements` holds the
/// one reduced or aggregated value.
template <class In, class Out, class K, class W>
class process_window_function {
public:
  using input_type = In;
  using output_type = Out;
  using key_type = K;
  using window_type = W;
  using context = window_context<W>;
  virtual ~process_window_function() = default;
  virtual void open(const runtime_context&) {}
  virtual void process(const K& key, context& ctx, const std::vector<In>& elements,
                       collector<Out>& out) = 0;
  /// The window is purged for good (after its cleanup time): drop its window_state().
  virtual void clear(context&) {}
  virtual void close() {}
};

/// process_window_function of a window_all (Flink's ProcessAllWindowFunction): no key.
template <class In, class Out, class W>
class process_all_window_function {
public:
  using input_type = In;
  using output_type = Out;
  using window_type = W;
  using context = window_context<W>;
  virtual ~process_all_window_function() = default;
  virtual void open(const runtime_context&) {}
  virtual void process(context& ctx, const std::vector<In>& elements, collector<Out>& out) = 0;
  virtual void clear(context&) {}
  virtual void close() {}
};

} // namespace weir
