#pragma once

#include "weir/error.hpp"
#include "weir/process_context.hpp"
#include "weir/timer_service.hpp"

namespace weir {

/// Context of a keyed process function call: a process_context (the record's timestamp, side
/// outputs, runtime context) that also knows the current key and gives the timers of that key.
template <class K>
class keyed_context : public process_context {
public:
  explicit keyed_context(const runtime_context& rc) : process_context(rc) {}

  /// Key of the record being processed.
  [[nodiscard]] const K& get_current_key() const noexcept { return *key_; }
  /// False outside a record's or a timer's call (in open(), say).
  [[nodiscard]] bool has_current_key() const noexcept { return key_ != nullptr; }

  /// Event- and processing-time timers of the current key; they fire in the function's
  /// on_timer (keyed_process_function, keyed_co_process_function).
  [[nodiscard]] weir::timer_service& timer_service() const {
    if (timers_ == nullptr)
      throw weir_exception(error(errc::invalid_plan, "this function has no timer service: timers "
                                                     "are for keyed process functions"));
    return *timers_;
  }

  // -- used by the operator ------------------------------------------------------------------
  void set_current_key(const K* key) noexcept { key_ = key; }
  void set_timer_service(weir::timer_service* timers) noexcept { timers_ = timers; }

private:
  const K* key_ = nullptr;
  weir::timer_service* timers_ = nullptr;
};

} // namespace weir
