#pragma once

#include "weir/runtime_context.hpp"

namespace weir {

/// What a checkpointed_function gets before it opens (Flink's FunctionInitializationContext):
/// whether the job restores a checkpoint or savepoint, and the operator state of its
/// parallel instance. Valid only during the initialize_state call; the lists it hands out
/// live as long as the function's operator.
class function_initialization_context {
public:
  function_initialization_context(const weir::runtime_context& ctx, bool restored) noexcept
    : ctx_(&ctx), restored_(restored) {}

  /// True when the job restores state that has this operator: the lists hold what the
  /// function added up to that checkpoint (split or united over the former instances).
  [[nodiscard]] bool is_restored() const noexcept { return restored_; }

  /// The function's runtime context (also where its keyed state comes from on a keyed stream).
  [[nodiscard]] const weir::runtime_context& runtime_context() const noexcept { return *ctx_; }

  /// runtime_context().get_list_state: operator list state, split evenly over the new
  /// instances on a restore at another parallelism (Flink's getListState).
  template <class T>
  state::list_state<T>& get_list_state(const state::list_state_descriptor<T>& descriptor) const {
    return ctx_->get_list_state(descriptor);
  }

  /// runtime_context().get_union_list_state: every instance gets the elements of all former
  /// instances on a restore (Flink's getUnionListState).
  template <class T>
  state::list_state<T>&
  get_union_list_state(const state::list_state_descriptor<T>& descriptor) const {
    return ctx_->get_union_list_state(descriptor);
  }

private:
  const weir::runtime_context* ctx_;
  bool restored_;
};

} // namespace weir
