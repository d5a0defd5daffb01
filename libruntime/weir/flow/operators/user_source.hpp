#pragma once

#include "weir/flow/operators/user_function_checkpoints.hpp"
#include "weir/flow/source_operator.hpp"

namespace weir::flow {

/// add_source(S): each instance owns a copy of the user's source_function. A source that is
/// also a checkpointed_function or checkpoint_listener hears the checkpoints (a source keeps
/// its position in operator state this way, as Flink's legacy sources do).
template <class T, class S>
class user_source final : public typed_source_operator<T> {
public:
  user_source(runtime_context ctx, S source)
    : typed_source_operator<T>(std::move(ctx)), source_(std::move(source)) {}
  void open() override {
    this->guarded([&] {
      checkpoints_.ensure_initialized(source_, this->context());
      source_.open(this->context());
    });
  }
  void close() override { source_.close(); }
  void cancel() override { source_.cancel(); }

  void initialize_state(state_initialization_context& ctx) override {
    checkpoints_.initialize(source_, this->context(), ctx);
  }
  void snapshot_state(state_snapshot_context& ctx) override {
    checkpoints_.snapshot(source_, ctx);
  }
  void notify_checkpoint_complete(checkpoint_id id) override {
    checkpoints_.complete(source_, id);
  }
  void notify_checkpoint_aborted(checkpoint_id id) override { checkpoints_.aborted(source_, id); }

protected:
  source_status produce(collector<T>& out, std::size_t max_records) override {
    return source_.poll(out, max_records);
  }

private:
  S source_;
  user_function_checkpoints<S> checkpoints_;
};

} // namespace weir::flow
