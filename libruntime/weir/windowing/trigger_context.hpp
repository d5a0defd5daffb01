#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "weir/runtime_context.hpp"

namespace weir {

/// What a trigger fires: nothing, the window's function, a purge of its contents, or both
/// (Flink's TriggerResult).
enum class trigger_result { continue_, fire, purge, fire_and_purge };

[[nodiscard]] constexpr bool fires(trigger_result r) noexcept {
  return r == trigger_result::fire || r == trigger_result::fire_and_purge;
}
[[nodiscard]] constexpr bool purges(trigger_result r) noexcept {
  return r == trigger_result::purge || r == trigger_result::fire_and_purge;
}

/// What a trigger sees of its window operator (Flink's Trigger.TriggerContext and
/// OnMergeContext): the clocks, timers of the current key and window, and state scoped to
/// them. Times are ms since the epoch. Valid during the call that handed it out.
class trigger_context {
public:
  virtual ~trigger_context() = default;

  [[nodiscard]] virtual std::int64_t current_watermark() const = 0;
  [[nodiscard]] virtual std::int64_t current_processing_time() const = 0;
  virtual void register_event_time_timer(std::int64_t time) = 0;
  virtual void delete_event_time_timer(std::int64_t time) = 0;
  virtual void register_processing_time_timer(std::int64_t time) = 0;
  virtual void delete_processing_time_timer(std::int64_t time) = 0;

  /// Keyed state of the current key and window (a descriptor's state, scoped to this window).
  template <class Descriptor>
  typename Descriptor::state_type& get_partitioned_state(const Descriptor& d) {
    auto& s = runtime_->get_state(d);
    s.set_current_namespace(namespace_);
    return s;
  }

  /// In on_merge: folds the state `d` of each merged window into the current (merged) one.
  /// For reducing, aggregating-free list and value states (a value state keeps the merged
  /// window's own value, or the first merged one's if it has none).
  template <class Descriptor>
  void merge_partitioned_state(const Descriptor& d) {
    auto& s = runtime_->get_state(d);
    for (const auto& ns : merged_namespaces_) {
      if (ns == namespace_)
        continue;
      s.set_current_namespace(ns);
      if constexpr (requires { s.get().has_value(); }) {      // reducing
        auto v = s.get();
        s.clear();
        if (v) {
          s.set_current_namespace(namespace_);
          s.add(*v);
        }
      } else if constexpr (requires { s.add_all(s.get()); }) { // list
        auto v = s.get();
        s.clear();
        s.set_current_namespace(namespace_);
        s.add_all(v);
      } else {                                                  // value
        auto v = s.value();
        s.clear();
        s.set_current_namespace(namespace_);
        if (v && !s.value())
          s.update(*v);
      }
    }
    s.set_current_namespace(namespace_);
  }

  // -- used by the window operator -----------------------------------------------------------
  void bind(const runtime_context& rc) noexcept { runtime_ = &rc; }
  void set_namespace(std::string_view ns) { namespace_.assign(ns); }
  [[nodiscard]] const std::string& current_namespace() const noexcept { return namespace_; }
  std::vector<std::string>& merged_namespaces() noexcept { return merged_namespaces_; }

private:
  const runtime_context* runtime_ = nullptr;
  std::string namespace_;
  std::vector<std::string> merged_namespaces_;
};

} // namespace weir
