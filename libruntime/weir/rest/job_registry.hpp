#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "weir/job_client.hpp"
#include "weir/job_details.hpp"

namespace weir::rest {

/// The jobs a REST server shows: running ones by their handle, ended ones by their last
/// details (kept until the process ends, as Flink's dashboard keeps completed jobs). Holds
/// handles weakly, so a job client's owner still decides when its job goes. Thread-safe.
class job_registry {
public:
  void add(const std::shared_ptr<job_client::job_handle>& handle);
  /// The job's handle is going away: keep `last` (its final details) in its place.
  void retire(const std::string& id, std::optional<job_details> last);

  /// Every job's details, in the order they were added (ended ones from what was kept).
  [[nodiscard]] std::vector<job_details> all(std::chrono::milliseconds timeout);
  /// One job's details, or an error naming the id (errc::job_not_running for an unknown id).
  [[nodiscard]] std::variant<job_details, error> get(const std::string& id,
                                                     std::chrono::milliseconds timeout);
  /// The running job's handle, or null.
  [[nodiscard]] std::shared_ptr<job_client::job_handle> handle(const std::string& id);
  [[nodiscard]] bool contains(const std::string& id);

private:
  struct entry {
    std::string id;
    std::weak_ptr<job_client::job_handle> handle;
    std::optional<job_details> last;
  };
  std::optional<job_details> fetch(entry& e, std::chrono::milliseconds timeout,
                                   std::unique_lock<std::mutex>& lock);

  std::mutex mutex_;
  std::vector<entry> jobs_;
};

} // namespace weir::rest
