#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "weir/ids.hpp"

namespace weir {

/// Faults to inject into a running job, to test how it recovers (a Weir API; Flink users
/// write such tests by hand with throwing functions). Attach one with
/// environment::set_fault_plan; every fault fires at most once over all restarts of the job,
/// so a job with K faults and a restart strategy that allows K restarts ends as if none had
/// happened. Seeded and printed: describe() shows the seed and the schedule, the job log
/// names each fault as it fires, and the same seed gives the same schedule.
///
/// Operators are named as in the plan (the name given with name(), else the default such as
/// "Map"; a uid matches too); subtask -1 means any instance.
class fault_plan {
public:
  enum class point {
    after_records,   ///< the operator processed n records (counted per execution attempt)
    snapshot_sync,   ///< in the synchronous part of a snapshot
    snapshot_async,  ///< in the asynchronous part of a snapshot (declines the checkpoint)
    before_commit,   ///< a two-phase-commit sink is about to commit a transaction
    after_commit,    ///< a two-phase-commit sink committed a transaction
    lose_messages,   ///< after n records the task drops every message it receives
    delay_channel,   ///< every message the task sends arrives `delay` later
  };

  struct fault {
    point where = point::after_records;
    std::string op;
    int subtask = -1;
    std::uint64_t records = 0;     ///< after_records: the count
    std::uint64_t checkpoint = 0;  ///< snapshot and commit points: checkpoint id, 0 = any
    std::chrono::milliseconds delay{0}; ///< delay_channel
  };

  explicit fault_plan(std::uint64_t seed = 0) : seed_(seed) {}
  fault_plan(const fault_plan&) = delete;
  fault_plan& operator=(const fault_plan&) = delete;

  /// Instance `subtask` of `op` fails once it has processed `n` records (a source: emitted),
  /// as if its function threw; checked after each batch, so it fails at the batch holding
  /// the n-th record.
  fault_plan& fail_after_records(std::string op, int subtask, std::uint64_t n);
  /// Fails the synchronous part of checkpoint `checkpoint`'s snapshot (0 = the first one).
  fault_plan& fail_in_snapshot(std::string op, int subtask, std::uint64_t checkpoint = 0);
  /// Fails the asynchronous part (the write) of a snapshot: the checkpoint is declined.
  fault_plan& fail_in_async_snapshot(std::string op, int subtask, std::uint64_t checkpoint = 0);
  /// Fails a two-phase-commit sink right before (after) it commits checkpoint's transactions.
  fault_plan& fail_before_commit(std::string op, int subtask, std::uint64_t checkpoint = 0);
  fault_plan& fail_after_commit(std::string op, int subtask, std::uint64_t checkpoint = 0);

  /// Instance `subtask` of `op` loses every message sent to it once it has processed `n`
  /// records (batches, watermarks, barriers, credit): it stalls, its checkpoint times out
  /// (checkpoint_config::timeout), and the job fails and restarts by its strategy.
  fault_plan& lose_messages(std::string op, int subtask, std::uint64_t n);
  /// Every message the task running instance `subtask` of `op` sends (batches, control events,
  /// credit) arrives `delay` later, in order. Changes no result; slows the job.
  fault_plan& delay_channel(std::string op, int subtask, std::chrono::milliseconds delay);

  /// `k` failures at points drawn from seed(): each picks one of `operators`, an instance in
  /// [0, parallelism) and a record count in [1, max_records].
  static std::shared_ptr<fault_plan> random(std::size_t k, std::uint64_t seed,
                                            const std::vector<std::string>& operators,
                                            int parallelism, std::uint64_t max_records);

  [[nodiscard]] std::uint64_t seed() const noexcept { return seed_; }
  [[nodiscard]] const std::deque<fault>& faults() const noexcept { return faults_; }
  /// "fault plan (seed 42): 1. fail Map (2) after 1200 records; 2. ..." for logs and test output.
  [[nodiscard]] std::string describe() const;
  /// How many faults fired so far.
  [[nodiscard]] std::size_t fired() const noexcept;

  // -- for the runtime -----------------------------------------------------------------------
  /// Indices of the faults that concern instance `subtask` of the operator named `name` (or
  /// with uid `uid`).
  [[nodiscard]] std::vector<std::size_t> faults_of(const std::string& name, const std::string& uid,
                                                   int subtask) const;
  /// Fires fault `index` if it has not fired yet: true exactly once per fault.
  bool fire(std::size_t index);
  /// Fires the first unfired fault of `candidates` at `where` for checkpoint `id`; returns its
  /// description, or nullopt.
  std::optional<std::string> fire_at(const std::vector<std::size_t>& candidates, point where,
                                     checkpoint_id id);
  [[nodiscard]] std::string describe(std::size_t index) const;

private:
  fault_plan& add(fault f);

  std::uint64_t seed_;
  std::deque<fault> faults_;
  std::deque<std::atomic<bool>> fired_;
};

} // namespace weir
