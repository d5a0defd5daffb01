#include "weir/state/runtime_context_operator_state.hpp"

#include "weir/state/job_error.hpp"

namespace weir::state::detail {

operator_state_backend& operator_backend(const runtime_context& ctx,
                                         const std::string& state_name) {
  auto* binding = ctx.operator_state();
  if (binding == nullptr)
    throw weir_exception(
      weir::error{weir::errc::invalid_plan,
                  "operator state '" + state_name
                    + "' was requested from a runtime context that belongs to no operator; use the "
                      "context passed to open()"});
  if (!binding->backend) {
    auto backend = std::make_shared<operator_state_backend>(ctx.index_of_this_subtask(),
                                                            ctx.number_of_parallel_subtasks());
    if (!binding->restore_directories.empty()) {
      std::vector<std::filesystem::path> dirs(binding->restore_directories.begin(),
                                              binding->restore_directories.end());
      if (auto restored = backend->restore(dirs); !restored)
        throw weir_exception(to_job_error(restored.err(), "cannot restore its operator state: "));
    }
    binding->backend = std::move(backend);
  }
  return *binding->backend;
}

void throw_operator_state_error(const runtime_context&, const error& err) {
  // The operator's failure names the operator and subtask; the message does not repeat them.
  throw weir_exception(to_job_error(err));
}

} // namespace weir::state::detail
