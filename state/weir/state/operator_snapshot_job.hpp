#pragma once

#include <filesystem>
#include <utility>

#include "weir/state/operator_snapshot_file.hpp"

namespace weir::state {

/// The asynchronous part of an operator-state snapshot:
/// operator_state_backend::snapshot_sync copies the encoded states (operator state is
/// small by design) and returns this job, whose run() writes the file on any thread while
/// the task goes on. Run it at most once. Move-only.
class operator_snapshot_job {
public:
  operator_snapshot_job(std::filesystem::path directory, operator_state_image image)
    : directory_(std::move(directory)), image_(std::move(image)) {}
  operator_snapshot_job(operator_snapshot_job&&) = default;
  operator_snapshot_job& operator=(operator_snapshot_job&&) = default;

  [[nodiscard]] result<operator_state_snapshot> run() {
    if (done_)
      return error{errc::invalid_configuration, "operator snapshot job ran twice"};
    done_ = true;
    auto out = operator_snapshot_file::write(directory_, image_);
    image_ = {};
    return out;
  }

private:
  std::filesystem::path directory_;
  operator_state_image image_;
  bool done_ = false;
};

} // namespace weir::state
