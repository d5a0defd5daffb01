#include "weir/flow/processing_time_service.hpp"

#include <algorithm>
#include <vector>

namespace weir::flow {

processing_time_service::processing_time_service(transport& out,
                                                 std::shared_ptr<const time::clock> clock)
  : out_(&out), clock_(clock ? std::move(clock) : time::system_clock()) {}

processing_time_service::timer_handle processing_time_service::register_timer(millis at,
                                                                              callback fn) {
  return add(at, millis{0}, std::move(fn));
}

processing_time_service::timer_handle
processing_time_service::register_periodic(millis interval, callback fn) {
  interval = std::max(interval, millis{1});
  return add(current_processing_time() + interval, interval, std::move(fn));
}

processing_time_service::timer_handle processing_time_service::add(millis at, millis interval,
                                                                   callback fn) {
  auto handle = ++sequence_;
  if (quiesced_)
    return handle;
  key k{at, handle};
  timers_.emplace(k, entry{handle, std::move(fn), interval});
  by_handle_.emplace(handle, k);
  arm();
  return handle;
}

void processing_time_service::cancel(timer_handle handle) {
  auto it = by_handle_.find(handle);
  if (it == by_handle_.end())
    return;
  timers_.erase(it->second);
  by_handle_.erase(it);
}

std::optional<processing_time_service::millis> processing_time_service::next_due() const {
  if (timers_.empty())
    return std::nullopt;
  return timers_.begin()->first.first;
}

void processing_time_service::on_wakeup() {
  if (!outstanding_.empty())
    outstanding_.erase(outstanding_.begin());
  if (quiesced_)
    return;
  auto now = current_processing_time();
  auto round = sequence_;
  // Fire what is due now, in order; a callback may register or cancel timers. What it
  // registers now (a sequence after `round`) waits for the next wake-up.
  while (!timers_.empty() && timers_.begin()->first.first <= now
         && timers_.begin()->first.second <= round) {
    auto node = timers_.extract(timers_.begin());
    auto due = node.key().first;
    auto e = std::move(node.mapped());
    by_handle_.erase(e.handle);
    if (e.interval.count() > 0) {
      // Re-register before running, so that the callback can cancel its own timer.
      auto periods = (now - due) / e.interval + 1;
      key next{due + periods * e.interval, e.handle};
      timers_.emplace(next, entry{e.handle, e.fn, e.interval});
      by_handle_.emplace(e.handle, next);
    }
    e.fn(now);
    if (quiesced_)
      return;
  }
  arm();
}

void processing_time_service::quiesce() {
  quiesced_ = true;
  outstanding_.clear();
  timers_.clear();
  by_handle_.clear();
}

void processing_time_service::arm() {
  auto due = next_due();
  if (!due || quiesced_)
    return;
  if (!outstanding_.empty() && *outstanding_.begin() <= *due)
    return; // a wake-up already asked for comes in time
  outstanding_.insert(*due);
  out_->schedule_timer(std::max(*due - current_processing_time(), millis{0}));
}

} // namespace weir::flow
