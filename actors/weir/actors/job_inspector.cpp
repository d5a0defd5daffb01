#include "weir/actors/job_inspector.hpp"

#include <set>

#include <caf/scoped_actor.hpp>

#include "weir/actors/type_ids.hpp"
#include "weir/flow/job_tracker.hpp"

namespace weir::actors {

namespace {

std::variant<job_details, error> ended(const job_completion& completion) {
  if (auto d = completion.final_details())
    return *std::move(d);
  return error{errc::job_not_running, "the job ended before it had started running"};
}

} // namespace

std::variant<job_details, error> inspect_job(caf::actor_system& sys, const caf::actor& master,
                                             const job_completion& completion,
                                             std::chrono::milliseconds timeout) {
  if (completion.done())
    return ended(completion);
  auto deadline = std::chrono::steady_clock::now() + timeout;
  caf::scoped_actor self{sys};
  std::variant<job_details, error> out = error{errc::internal, "no answer from the job master"};
  std::vector<caf::actor> tasks;
  bool gone = false;
  self->request<caf::message_priority::high>(master, caf::duration{timeout}, details_atom::value)
    .receive(
      [&](job_info_msg& info) {
        out = *info.details;
        tasks = std::move(info.tasks);
      },
      [&](const caf::error& err) {
        if (err == caf::sec::request_timeout)
          out = error{errc::timeout, "the job master did not answer within "
                                       + std::to_string(timeout.count()) + " ms"};
        else
          gone = true;
      });
  if (gone)
    return ended(completion);
  auto* details = std::get_if<job_details>(&out);
  if (!details)
    return out;
  // Ask every task at once, then collect: a slow task costs its own wait, not everyone's.
  std::vector<flow::task_sample> samples;
  for (const auto& t : tasks)
    self->send<caf::message_priority::high>(t, sample_atom::value);
  // Samples until every task answered or stopped (a task that quit in between answers nothing:
  // its final counts come from the master) or the time is up.
  std::set<caf::actor_addr> pending;
  for (const auto& t : tasks) {
    pending.insert(t.address());
    self->monitor(t);
  }
  while (!pending.empty()) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
      deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0)
      break;
    bool timed_out = false;
    self->receive(
      [&](flow::task_sample& s) {
        if (pending.erase(caf::actor_cast<caf::actor_addr>(self->current_sender())) > 0)
          samples.push_back(std::move(s));
      },
      [&](const caf::down_msg& dm) { pending.erase(dm.source); },
      caf::after(left) >> [&] { timed_out = true; });
    if (timed_out)
      break;
  }
  for (const auto& t : tasks)
    self->demonitor(t);
  flow::apply_samples(*details, std::move(samples));
  return out;
}

} // namespace weir::actors
