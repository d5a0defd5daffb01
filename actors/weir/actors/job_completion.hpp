#pragma once

#include <condition_variable>
#include <mutex>
#include <optional>

#include "weir/job_execution_result.hpp"

namespace weir::actors {

/// Where the job master leaves the job's result for the client thread waiting on it.
class job_completion {
public:
  void complete(job_execution_result result) {
    {
      std::lock_guard guard{mtx_};
      if (result_)
        return;
      result_ = std::move(result);
    }
    cv_.notify_all();
  }
  [[nodiscard]] job_execution_result wait() {
    std::unique_lock lock{mtx_};
    cv_.wait(lock, [this] { return result_.has_value(); });
    return *result_;
  }
  [[nodiscard]] bool done() const {
    std::lock_guard guard{mtx_};
    return result_.has_value();
  }

private:
  mutable std::mutex mtx_;
  std::condition_variable cv_;
  std::optional<job_execution_result> result_;
};

} // namespace weir::actors
