#pragma once

#include <type_traits>

#include "weir/checkpoint_listener.hpp"
#include "weir/checkpointed_function.hpp"
#include "weir/flow/snapshot_context.hpp"

namespace weir::flow {

/// Forwards an operator's checkpoint hooks to its user function F when F derives from
/// checkpointed_function or checkpoint_listener, and does nothing otherwise. Held by the
/// operators that wrap one user function (user_source, user_sink). Task thread only.
template <class F>
class user_function_checkpoints {
public:
  static constexpr bool checkpointed = std::is_base_of_v<checkpointed_function, F>;
  static constexpr bool listens = std::is_base_of_v<checkpoint_listener, F>;

  void initialize(F& f, const runtime_context& ctx, state_initialization_context& init) {
    if constexpr (checkpointed) {
      function_initialization_context fctx{ctx, init.is_restored()};
      static_cast<checkpointed_function&>(f).initialize_state(fctx);
    }
    initialized_ = true;
  }

  /// Before open(): a task built without state persistence never called initialize_state,
  /// but the function still gets its (empty) state, as Flink always initializes.
  void ensure_initialized(F& f, const runtime_context& ctx) {
    if (initialized_)
      return;
    empty_initialization_context none;
    initialize(f, ctx, none);
  }

  void snapshot(F& f, state_snapshot_context& ctx) {
    if constexpr (checkpointed) {
      function_snapshot_context fctx{ctx.checkpoint()};
      static_cast<checkpointed_function&>(f).snapshot_state(fctx);
    }
  }

  void complete(F& f, checkpoint_id id) {
    if constexpr (listens)
      static_cast<checkpoint_listener&>(f).notify_checkpoint_complete(id);
  }

  void aborted(F& f, checkpoint_id id) {
    if constexpr (listens)
      static_cast<checkpoint_listener&>(f).notify_checkpoint_aborted(id);
  }

private:
  bool initialized_ = false;
};

} // namespace weir::flow
