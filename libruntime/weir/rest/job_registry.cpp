#include "weir/rest/job_registry.hpp"

#include <algorithm>

namespace weir::rest {

void job_registry::add(const std::shared_ptr<job_client::job_handle>& handle) {
  std::lock_guard guard{mutex_};
  jobs_.push_back(entry{handle->job_id(), handle, std::nullopt});
}

void job_registry::retire(const std::string& id, std::optional<job_details> last) {
  std::lock_guard guard{mutex_};
  for (auto& e : jobs_)
    if (e.id == id) {
      e.handle.reset();
      if (last)
        e.last = std::move(last);
    }
}

// Asking a job for its details takes up to the timeout: the lock is not held meanwhile, so
// one slow job does not hold up requests about the others.
std::optional<job_details> job_registry::fetch(entry& e, std::chrono::milliseconds timeout,
                                               std::unique_lock<std::mutex>& lock) {
  auto h = e.handle.lock();
  auto id = e.id;
  if (!h)
    return e.last;
  lock.unlock();
  auto d = h->details(timeout);
  lock.lock();
  for (auto& x : jobs_)
    if (x.id == id) {
      if (auto* got = std::get_if<job_details>(&d)) {
        x.last = *got;
        return *got;
      }
      return x.last;
    }
  return std::nullopt;
}

std::vector<job_details> job_registry::all(std::chrono::milliseconds timeout) {
  std::unique_lock lock{mutex_};
  std::vector<std::string> ids;
  for (const auto& e : jobs_)
    ids.push_back(e.id);
  std::vector<job_details> out;
  for (const auto& id : ids) {
    auto it = std::find_if(jobs_.begin(), jobs_.end(), [&](const entry& e) { return e.id == id; });
    if (it == jobs_.end())
      continue;
    auto copy = *it;
    if (auto d = fetch(copy, timeout, lock))
      out.push_back(std::move(*d));
  }
  return out;
}

std::variant<job_details, error> job_registry::get(const std::string& id,
                                                   std::chrono::milliseconds timeout) {
  std::unique_lock lock{mutex_};
  for (const auto& e : jobs_)
    if (e.id == id) {
      auto copy = e;
      if (auto d = fetch(copy, timeout, lock))
        return *std::move(d);
      return error{errc::timeout, "job " + id + " did not answer within "
                                    + std::to_string(timeout.count()) + " ms"};
    }
  return error{errc::job_not_running,
               "no job with id " + id + " here; GET /jobs lists the jobs this server knows"};
}

std::shared_ptr<job_client::job_handle> job_registry::handle(const std::string& id) {
  std::lock_guard guard{mutex_};
  for (const auto& e : jobs_)
    if (e.id == id)
      return e.handle.lock();
  return nullptr;
}

bool job_registry::contains(const std::string& id) {
  std::lock_guard guard{mutex_};
  return std::any_of(jobs_.begin(), jobs_.end(), [&](const entry& e) { return e.id == id; });
}

} // namespace weir::rest
