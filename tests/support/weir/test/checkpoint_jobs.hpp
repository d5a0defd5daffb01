#pragma once

// Jobs the checkpoint tests share: a keyed count whose final value per key shows lost or
// doubled state, and a source whose position is operator state. Needs weir/weir.hpp.

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <map>
#include <thread>
#include <utility>

#include "weir/weir.hpp"

namespace weir::test {

/// Counts the records of each key in a value_state and emits (key, count) per record.
class keyed_counter final
  : public keyed_process_function<std::uint64_t, std::uint64_t, std::pair<std::uint64_t, long>> {
public:
  void open(const runtime_context& ctx) override {
    count_ = &ctx.get_state(value_state_descriptor<long>{"count"});
  }
  void process_element(const std::uint64_t&, keyed_context<std::uint64_t>& ctx,
                       collector<std::pair<std::uint64_t, long>>& out) override {
    auto n = count_->value().value_or(0) + 1;
    count_->update(n);
    out.collect({ctx.get_current_key(), n});
  }

private:
  value_state<long>* count_ = nullptr;
};

/// Each key's highest count: the count it reached, whatever was emitted twice by replays.
inline std::map<std::uint64_t, long>
final_counts(const collected<std::pair<std::uint64_t, long>>& c) {
  std::map<std::uint64_t, long> out;
  for (const auto& [k, n] : c)
    out[k] = std::max(out[k], n);
  return out;
}

/// What final_counts must be for records 0..records-1 keyed by i % keys.
inline std::map<std::uint64_t, long> expected_counts(std::uint64_t records, std::uint64_t keys) {
  std::map<std::uint64_t, long> out;
  for (std::uint64_t i = 0; i < records; ++i)
    ++out[i % keys];
  return out;
}

/// A map that pauses every `every` records, so that checkpoints complete while records flow.
struct pacing_identity {
  std::uint64_t every = 2000;
  std::chrono::microseconds pause{200};
  std::uint64_t operator()(const std::uint64_t& i) const {
    if (i % every == 0)
      std::this_thread::sleep_for(pause);
    return i;
  }
};

/// generate(records) ─► "Slow" (pacing) ─► key_by(i % keys) ─► "Count" (uid "count") ─► collect
inline collected<std::pair<std::uint64_t, long>>
counting_job(environment& env, std::uint64_t records, std::uint64_t keys,
             pacing_identity pace = {}) {
  return env.generate(records, [](std::uint64_t i) { return i; })
    .map(pace)
    .name("Slow")
    .key_by([keys](const std::uint64_t& i) { return i % keys; })
    .process(keyed_counter{})
    .name("Count")
    .uid("count")
    .collect();
}

/// A parallel source whose position is operator state (a checkpointed_function): instance s
/// emits s, s + p, s + 2p, ... below `records`, at most `per_poll` per poll, and keeps
/// (s, next) in union list state so that every instance finds its own position after a
/// restore.
class positioned_source final : public source_function<std::uint64_t>,
                                public checkpointed_function {
public:
  explicit positioned_source(std::uint64_t records = 0, std::size_t per_poll = 64)
    : records_(records), per_poll_(per_poll) {}
  void initialize_state(function_initialization_context& ctx) override {
    subtask_ = ctx.runtime_context().index_of_this_subtask();
    step_ = ctx.runtime_context().number_of_parallel_subtasks();
    positions_ = &ctx.get_union_list_state(
      list_state_descriptor<std::pair<int, std::uint64_t>>{"positions"});
    next_ = static_cast<std::uint64_t>(subtask_);
    if (ctx.is_restored())
      for (auto [s, next] : positions_->get())
        if (s == subtask_)
          next_ = next;
  }
  void snapshot_state(const function_snapshot_context&) override {
    positions_->update({{subtask_, next_}});
  }
  source_status poll(collector<std::uint64_t>& out, std::size_t max_records) override {
    for (std::size_t n = 0; n < std::min(max_records, per_poll_); ++n) {
      if (next_ >= records_)
        return source_status::end_of_input;
      out.collect(next_);
      next_ += static_cast<std::uint64_t>(step_);
    }
    return source_status::more_available;
  }

private:
  std::uint64_t records_;
  std::size_t per_poll_;
  int subtask_ = 0;
  int step_ = 1;
  std::uint64_t next_ = 0;
  list_state<std::pair<int, std::uint64_t>>* positions_ = nullptr;
};

} // namespace weir::test
