#include "weir/flow/job_lifecycle.hpp"

#include <algorithm>

namespace weir::flow {

job_lifecycle::job_lifecycle(std::vector<std::string> task_names)
  : names_(std::move(task_names)), tasks_(names_.size(), task_state::running),
    running_(names_.size()) {
  settle(); // a job without tasks is finished at once
}

void job_lifecycle::task_finished(std::size_t task,
                                  const std::vector<operator_metrics>& metrics) {
  if (tasks_.at(task) == task_state::running)
    tasks_[task] = task_state::reported;
  for (const auto& m : metrics) {
    auto it = std::find_if(metrics_.begin(), metrics_.end(),
                           [&](const operator_metrics& x) { return x.node_id == m.node_id; });
    if (it == metrics_.end()) {
      metrics_.push_back(m);
    } else {
      it->records_in += m.records_in;
      it->records_out += m.records_out;
    }
  }
}

job_lifecycle::action job_lifecycle::task_failed(std::size_t task, error err) {
  if (tasks_.at(task) == task_state::running)
    tasks_[task] = task_state::reported;
  return begin_ending(job_status::failing, std::move(err));
}

job_lifecycle::action job_lifecycle::cancel_requested() {
  if (std::none_of(tasks_.begin(), tasks_.end(),
                   [](task_state t) { return t == task_state::running; }))
    return action::none; // every task already finished or failed: nothing left to cancel
  return begin_ending(job_status::cancelling,
                      error{errc::cancelled, "the job was cancelled by its client"});
}

job_lifecycle::action job_lifecycle::task_stopped(std::size_t task, const std::string& reason,
                                                  errc code) {
  auto before = tasks_.at(task);
  if (before == task_state::stopped)
    return action::none;
  tasks_[task] = task_state::stopped;
  --running_;
  auto next = action::none;
  if (before == task_state::running && status_ == job_status::running)
    next = begin_ending(job_status::failing,
                        error{code, "task '" + names_[task]
                                                + "' stopped unexpectedly"
                                                + (reason.empty() ? "" : ": " + reason)});
  settle();
  return next;
}

job_lifecycle::action job_lifecycle::begin_ending(job_status ending, error err) {
  if (status_ != job_status::running)
    return action::none; // the first failure or cancel wins
  status_ = ending;
  error_ = std::move(err);
  settle();
  return terminal() ? action::none : action::cancel_tasks;
}

void job_lifecycle::settle() {
  if (running_ != 0 || terminal())
    return;
  switch (status_) {
    case job_status::running: status_ = job_status::finished; break;
    case job_status::failing: status_ = job_status::failed; break;
    case job_status::cancelling: status_ = job_status::canceled; break;
    default: break;
  }
}

std::vector<operator_metrics> job_lifecycle::metrics() const { return metrics_; }

std::vector<std::string> job_lifecycle::running_tasks() const {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < tasks_.size(); ++i)
    if (tasks_[i] != task_state::stopped)
      out.push_back(names_[i]);
  return out;
}

} // namespace weir::flow
