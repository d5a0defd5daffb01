#pragma once

#include <condition_variable>
#include <mutex>
#include <optional>

#include "weir/job_details.hpp"
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
  /// The job's id, chosen by the client before the master starts (empty: the master picks).
  void set_job_id(std::string id) {
    std::lock_guard guard{mtx_};
    job_id_ = std::move(id);
  }
  [[nodiscard]] std::string job_id() const {
    std::lock_guard guard{mtx_};
    return job_id_;
  }
  /// The job's details at its end, left by the master right before complete().
  void set_final_details(job_details d) {
    std::lock_guard guard{mtx_};
    final_details_ = std::move(d);
  }
  [[nodiscard]] std::optional<job_details> final_details() const {
    std::lock_guard guard{mtx_};
    return final_details_;
  }

private:
  mutable std::mutex mtx_;
  std::condition_variable cv_;
  std::optional<job_execution_result> result_;
  std::string job_id_;
  std::optional<job_details> final_details_;
};

} // namespace weir::actors
