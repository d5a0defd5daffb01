#pragma once

#include <concepts>

#include "weir/flow/operators/sink_operator.hpp"
#include "weir/flow/operators/user_function_checkpoints.hpp"
#include "weir/sink_function.hpp"

namespace weir::flow {

/// add_sink(S): each instance owns a copy of the user's sink_function. A sink that is also a
/// checkpointed_function or checkpoint_listener hears the checkpoints; one that says
/// `commits_at_job_end()` (two-phase-commit sinks) makes its task wait for the final
/// checkpoint.
template <class T, class S>
class user_sink final : public sink_operator<T> {
public:
  user_sink(runtime_context ctx, S sink) : sink_operator<T>(std::move(ctx)), sink_(std::move(sink)) {}
  void open() override {
    this->guarded([&] {
      checkpoints_.ensure_initialized(sink_, this->context());
      sink_.open(this->context());
    });
  }
  void finish() override { this->guarded([&] { sink_.finish(); }); }
  void close() override { sink_.close(); }

  void initialize_state(state_initialization_context& ctx) override {
    checkpoints_.initialize(sink_, this->context(), ctx);
  }
  void snapshot_state(state_snapshot_context& ctx) override { checkpoints_.snapshot(sink_, ctx); }
  void notify_checkpoint_complete(checkpoint_id id) override { checkpoints_.complete(sink_, id); }
  void notify_checkpoint_aborted(checkpoint_id id) override { checkpoints_.aborted(sink_, id); }
  [[nodiscard]] bool commits_at_job_end() const noexcept override {
    if constexpr (requires(const S& s) { { s.commits_at_job_end() } -> std::convertible_to<bool>; })
      return sink_.commits_at_job_end();
    else
      return false;
  }

protected:
  void write(std::vector<T>& batch) override {
    // Through the base: a two-phase-commit sink's own invoke(Txn&, const T&) hides invoke(T).
    auto& sink = static_cast<sink_function<T>&>(sink_);
    for (const auto& r : batch)
      sink.invoke(r);
  }

private:
  S sink_;
  user_function_checkpoints<S> checkpoints_;
};

} // namespace weir::flow
