#pragma once

// One parallel instance of a checkpointed user function, driven the way the runtime drives
// it but by plain calls: its own runtime context and operator state, snapshots written to
// and restored from directories with the state layer.

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "weir/weir.hpp"

namespace weir::test {

template <class F>
class sink_instance {
public:
  /// Instance `subtask` of `parallelism`, restoring the operator-state snapshots in
  /// `restore` (of every former instance) if any.
  sink_instance(F fn, int subtask, int parallelism, std::vector<std::string> restore = {})
    : fn_(std::move(fn)), ctx_("Sink", subtask, parallelism, 128, {}) {
    auto binding = std::make_shared<operator_state_binding>();
    binding->restore_directories = restore;
    binding_ = binding;
    ctx_.bind_operator_state(binding);
    function_initialization_context init{ctx_, !restore.empty()};
    fn_.initialize_state(init);
    fn_.open(ctx_);
  }

  F& fn() noexcept { return fn_; }
  /// One record, through sink_function<T> as the runtime calls it.
  void invoke(const typename F::value_type& v) {
    static_cast<sink_function<typename F::value_type>&>(fn_).invoke(v);
  }

  /// Snapshot of checkpoint `id` under `base`/chk-<id>/<subtask>; returns that directory.
  std::string snapshot(std::uint64_t id, const std::filesystem::path& base) {
    fn_.snapshot_state(function_snapshot_context{checkpoint_id{id}});
    auto dir = base / ("chk-" + std::to_string(id)) / std::to_string(ctx_.index_of_this_subtask());
    auto written = binding_->backend->snapshot_sync(dir).run();
    if (!written)
      throw std::runtime_error("snapshot failed: " + written.err().message());
    return dir.string();
  }

  void complete(std::uint64_t id) { fn_.notify_checkpoint_complete(checkpoint_id{id}); }
  void aborted(std::uint64_t id) { fn_.notify_checkpoint_aborted(checkpoint_id{id}); }

private:
  F fn_;
  runtime_context ctx_;
  std::shared_ptr<operator_state_binding> binding_;
};

} // namespace weir::test
