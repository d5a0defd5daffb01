#pragma once

#include <memory>
#include <utility>

#include "weir/state/keyed_state_snapshot.hpp"
#include "weir/state/result.hpp"

namespace weir::state {

/// The asynchronous part of a snapshot. keyed_state_backend::snapshot_sync() does the short
/// synchronous part (freezing the heap maps copy-on-write, or taking a RocksDB snapshot) and
/// returns this job; run() writes the file and may be called on any thread, while the task
/// keeps changing state. Run it at most once; the backend must outlive it. Move-only.
class snapshot_job {
public:
  /// What a backend plugs in.
  class step {
  public:
    virtual ~step() = default;
    virtual result<keyed_state_snapshot> run() = 0;
  };

  explicit snapshot_job(std::unique_ptr<step> impl) : impl_(std::move(impl)) {}

  [[nodiscard]] result<keyed_state_snapshot> run() {
    if (!impl_)
      return error{errc::invalid_configuration, "snapshot job ran twice"};
    auto out = impl_->run();
    impl_.reset();
    return out;
  }

private:
  std::unique_ptr<step> impl_;
};

} // namespace weir::state
