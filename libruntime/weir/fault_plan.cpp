#include "weir/fault_plan.hpp"

#include <random>

namespace weir {

fault_plan& fault_plan::add(fault f) {
  faults_.push_back(std::move(f));
  fired_.emplace_back(false);
  return *this;
}

fault_plan& fault_plan::fail_after_records(std::string op, int subtask, std::uint64_t n) {
  return add({point::after_records, std::move(op), subtask, n, 0});
}
fault_plan& fault_plan::fail_in_snapshot(std::string op, int subtask, std::uint64_t checkpoint) {
  return add({point::snapshot_sync, std::move(op), subtask, 0, checkpoint});
}
fault_plan& fault_plan::fail_in_async_snapshot(std::string op, int subtask,
                                               std::uint64_t checkpoint) {
  return add({point::snapshot_async, std::move(op), subtask, 0, checkpoint});
}
fault_plan& fault_plan::fail_before_commit(std::string op, int subtask, std::uint64_t checkpoint) {
  return add({point::before_commit, std::move(op), subtask, 0, checkpoint});
}
fault_plan& fault_plan::fail_after_commit(std::string op, int subtask, std::uint64_t checkpoint) {
  return add({point::after_commit, std::move(op), subtask, 0, checkpoint});
}

fault_plan& fault_plan::lose_messages(std::string op, int subtask, std::uint64_t n) {
  return add({point::lose_messages, std::move(op), subtask, n, 0, {}});
}
fault_plan& fault_plan::delay_channel(std::string op, int subtask,
                                      std::chrono::milliseconds delay) {
  return add({point::delay_channel, std::move(op), subtask, 0, 0, delay});
}

std::shared_ptr<fault_plan> fault_plan::random(std::size_t k, std::uint64_t seed,
                                               const std::vector<std::string>& operators,
                                               int parallelism, std::uint64_t max_records) {
  auto plan = std::make_shared<fault_plan>(seed);
  if (operators.empty() || parallelism < 1 || max_records < 1)
    return plan;
  std::mt19937_64 rng{seed};
  for (std::size_t i = 0; i < k; ++i) {
    auto op = operators[std::uniform_int_distribution<std::size_t>{0, operators.size() - 1}(rng)];
    auto sub = std::uniform_int_distribution<int>{0, parallelism - 1}(rng);
    auto n = std::uniform_int_distribution<std::uint64_t>{1, max_records}(rng);
    plan->fail_after_records(std::move(op), sub, n);
  }
  return plan;
}

std::size_t fault_plan::fired() const noexcept {
  std::size_t n = 0;
  for (const auto& f : fired_)
    n += f.load(std::memory_order_acquire) ? 1 : 0;
  return n;
}

std::vector<std::size_t> fault_plan::faults_of(const std::string& name, const std::string& uid,
                                               int subtask) const {
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < faults_.size(); ++i) {
    const auto& f = faults_[i];
    if ((f.op == name || (!uid.empty() && f.op == uid))
        && (f.subtask < 0 || f.subtask == subtask))
      out.push_back(i);
  }
  return out;
}

bool fault_plan::fire(std::size_t index) {
  bool expected = false;
  return fired_.at(index).compare_exchange_strong(expected, true, std::memory_order_acq_rel);
}

std::optional<std::string> fault_plan::fire_at(const std::vector<std::size_t>& candidates,
                                               point where, checkpoint_id id) {
  for (auto i : candidates) {
    const auto& f = faults_[i];
    if (f.where != where || (f.checkpoint != 0 && f.checkpoint != id.value()))
      continue;
    if (fire(i))
      return describe(i);
  }
  return std::nullopt;
}

std::string fault_plan::describe(std::size_t index) const {
  const auto& f = faults_.at(index);
  auto who = f.op + (f.subtask < 0 ? std::string{" (any instance)"}
                                   : " (" + std::to_string(f.subtask + 1) + ")");
  auto at = f.checkpoint == 0 ? std::string{"any checkpoint"}
                              : "checkpoint " + std::to_string(f.checkpoint);
  auto n = "injected fault " + std::to_string(index + 1) + "/" + std::to_string(faults_.size())
           + " (seed " + std::to_string(seed_) + "): ";
  switch (f.where) {
    case point::after_records:
      return n + "fail " + who + " after " + std::to_string(f.records) + " records";
    case point::snapshot_sync: return n + "fail " + who + " in the snapshot of " + at;
    case point::snapshot_async:
      return n + "fail " + who + " in the asynchronous snapshot of " + at;
    case point::before_commit: return n + "fail " + who + " before committing " + at;
    case point::after_commit: return n + "fail " + who + " after committing " + at;
    case point::lose_messages:
      return n + "lose every message to " + who + " after " + std::to_string(f.records)
             + " records";
    case point::delay_channel:
      return n + "delay every message from " + who + " by " + std::to_string(f.delay.count())
             + " ms";
  }
  return n;
}

std::string fault_plan::describe() const {
  std::string out = "fault plan (seed " + std::to_string(seed_) + ", "
                    + std::to_string(faults_.size()) + " faults)";
  for (std::size_t i = 0; i < faults_.size(); ++i)
    out += "\n  " + describe(i);
  return out;
}

} // namespace weir
