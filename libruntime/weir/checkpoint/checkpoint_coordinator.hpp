#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <variant>
#include <vector>

#include "weir/checkpoint/checkpoint_metadata.hpp"
#include "weir/checkpoint_config.hpp"
#include "weir/error.hpp"
#include "weir/ids.hpp"
#include "weir/job_status.hpp"
#include "weir/time/clock.hpp"

namespace weir::checkpoint {

/// The file operations of the checkpoint coordinator (part of Flink's
/// CheckpointStorageCoordinatorView), behind an interface so that tests can count and fail
/// them. Called only from the coordinator's thread.
class checkpoint_storage {
public:
  virtual ~checkpoint_storage() = default;
  /// Whether `dir` exists (a savepoint never takes an existing directory).
  [[nodiscard]] virtual bool exists(const std::filesystem::path& dir) = 0;
  /// Creates `dir` and its missing parents; an existing `dir` is fine.
  [[nodiscard]] virtual std::optional<error> create_directory(const std::filesystem::path& dir) = 0;
  /// Writes `meta` as `<dir>/_metadata` atomically (checkpoint::write_metadata).
  [[nodiscard]] virtual std::optional<error> write_metadata(const checkpoint_metadata& meta,
                                                            const std::filesystem::path& dir) = 0;
  /// Removes `dir` and everything in it; a missing `dir` is fine.
  [[nodiscard]] virtual std::optional<error> remove(const std::filesystem::path& dir) = 0;
  /// Removes `dir` if it is empty; otherwise, or if it is missing, does nothing.
  virtual void remove_if_empty(const std::filesystem::path& dir) = 0;
};

/// checkpoint_storage on the local file system: std::filesystem and write_metadata().
class filesystem_checkpoint_storage final : public checkpoint_storage {
public:
  bool exists(const std::filesystem::path& dir) override;
  std::optional<error> create_directory(const std::filesystem::path& dir) override;
  std::optional<error> write_metadata(const checkpoint_metadata& meta,
                                      const std::filesystem::path& dir) override;
  std::optional<error> remove(const std::filesystem::path& dir) override;
  void remove_if_empty(const std::filesystem::path& dir) override;
};

/// Decides when a job checkpoints and what became of each checkpoint (Flink's
/// CheckpointCoordinator without its RPCs): it triggers periodic checkpoints and savepoints,
/// collects the tasks' acknowledgements and declines, completes a checkpoint by writing its
/// `_metadata`, aborts the ones that fail, expire or are subsumed, keeps the newest `retained`
/// completed checkpoints on disk and counts failed checkpoints against `tolerable_failed`.
///
/// It sends nothing: each call returns what happened (a trigger, a completion, aborts), and
/// the job master, which owns the coordinator for the job's life (across restarts) and calls
/// it only from its own thread, turns that into messages: barriers to the sources,
/// checkpoint_complete or aborted notifications to the tasks, answers to savepoint requests,
/// and a job failure when an abort says `fail_job`. Time comes from the injected clock, file
/// operations go through the injected checkpoint_storage.
///
/// Layout (Flink's): `<config.directory>/<job id>/chk-<n>/_metadata` (an empty directory
/// means `<system temp dir>/weir-checkpoints`), savepoints in
/// `<parent>/savepoint-<first 6 chars of the job id>-<12 hex digits>/_metadata`. Checkpoint
/// ids increase from `next_id` and are never reused; savepoints share the numbering.
class checkpoint_coordinator {
public:
  /// A checkpoint or savepoint was triggered: its directory exists; the job master sends the
  /// barrier to the sources.
  struct trigger {
    checkpoint_id id;
    bool savepoint = false;
    std::filesystem::path directory;
    /// Wall-clock time of the trigger (the coordinator's clock), ms since the epoch.
    std::int64_t timestamp_ms = 0;
  };

  /// A checkpoint or savepoint failed, expired, was subsumed or cancelled: its directory is
  /// removed. The job master tells the tasks (Flink's notifyCheckpointAborted) and, for a
  /// savepoint, its requester.
  struct abort {
    checkpoint_id id;
    bool savepoint = false;
    /// Names the checkpoint and why, e.g. "checkpoint 3 declined by task 1: state_error: ...".
    std::string reason;
    /// This failure is one more in a row than `tolerable_failed` allows: fail the job (its
    /// restart strategy then decides). Only periodic checkpoints that fail (declined, expired,
    /// not written) count; subsumed ones, savepoints and aborts by the job master never do.
    bool fail_job = false;
  };

  /// Every task acknowledged and `_metadata` is written. For a periodic checkpoint the job
  /// master sends checkpoint_complete to the tasks; for a savepoint it answers the requester
  /// (like Flink, the tasks are not told: a savepoint commits nothing).
  struct completion {
    checkpoint_id id;
    bool savepoint = false;
    std::filesystem::path directory;
    checkpoint_metadata metadata;
    /// Older periodic checkpoints still pending, now subsumed by this one (not failures).
    std::vector<abort> subsumed;
  };

  /// What poll() did: nothing, triggered a periodic checkpoint, or failed to (its directory
  /// could not be created; counted as a failed checkpoint).
  using poll_result = std::variant<std::monostate, trigger, abort>;
  /// What an acknowledgement did: nothing more (or it was ignored), completed its checkpoint,
  /// or failed it (merging the snapshots or writing `_metadata` failed).
  using ack_result = std::variant<std::monostate, completion, abort>;

  /// A coordinator for a job of `tasks` tasks (indexes 0..tasks-1), running from now: the
  /// first periodic checkpoint is due `config.interval` from now. `seed` seeds the savepoint
  /// names. A job restored from checkpoint n passes `next_id` n + 1. Throws weir_exception if
  /// `config` is invalid or `job_id` empty. A null `clock` means the system clock.
  checkpoint_coordinator(checkpoint_config config, std::string job_id, std::string job_name,
                         std::size_t tasks, std::shared_ptr<const time::clock> clock,
                         std::unique_ptr<checkpoint_storage> storage, std::uint64_t seed,
                         checkpoint_id next_id = checkpoint_id{1});
  ~checkpoint_coordinator();
  checkpoint_coordinator(checkpoint_coordinator&&) noexcept;
  checkpoint_coordinator& operator=(checkpoint_coordinator&&) noexcept;

  /// Called on a timer: triggers a periodic checkpoint if checkpointing is on, the job runs
  /// (no task finished, not between abort_all() and restarted(), not shut down), `interval`
  /// passed since the previous periodic trigger, `min_pause` since the last completion, and
  /// fewer than `max_concurrent` periodic checkpoints are pending.
  [[nodiscard]] poll_result poll();
  /// Triggers a savepoint in a new directory under `parent`, whatever the interval, min pause
  /// and max concurrent say (Flink's forced checkpoint). An error if the job does not run, a
  /// task finished, `parent` is empty or the directory cannot be created.
  /// The final checkpoint of a bounded job (Flink's FLIP-147): every task finished its input
  /// and waits; each snapshots its end state (finished sources, sinks' last transactions)
  /// without a barrier. A failure while the sinks then commit restores this checkpoint, in
  /// which nothing is left to process and only the commits are done again.
  [[nodiscard]] std::variant<trigger, error> trigger_final();
  [[nodiscard]] std::variant<trigger, error>
  trigger_savepoint(const std::filesystem::path& parent);

  /// Task `task` acknowledged checkpoint `id` with its snapshot. Ignored (monostate) if the
  /// checkpoint is not pending (unknown, completed, aborted), the task is out of range or
  /// acknowledged it before. The last acknowledgement completes the checkpoint.
  [[nodiscard]] ack_result acknowledge(checkpoint_id id, std::size_t task,
                                       task_snapshot snapshot);
  /// Task `task` declined checkpoint `id` (Flink's DeclineCheckpoint): it is aborted. Nothing
  /// if it is not pending or the task is out of range.
  [[nodiscard]] std::optional<abort> decline(checkpoint_id id, std::size_t task,
                                             const error& why);
  /// Aborts the pending checkpoints triggered `timeout` or longer ago. Call it on a timer.
  [[nodiscard]] std::vector<abort> check_timeouts();

  /// The job is failing or restarting: aborts every pending checkpoint and savepoint (not
  /// failures) and triggers nothing until restarted().
  [[nodiscard]] std::vector<abort> abort_all(const std::string& reason);
  /// The job was redeployed with `tasks` tasks and runs again: no task has finished, the next
  /// periodic checkpoint is due `interval` from now, numbering continues. Anything still
  /// pending (abort_all() was not called) is aborted and returned.
  [[nodiscard]] std::vector<abort> restarted(std::size_t tasks);
  /// Task `task` finished (its input ended). From now on nothing is triggered, and a pending
  /// checkpoint it has not acknowledged can never complete: those are aborted (not failures).
  /// One it acknowledged before finishing still completes.
  [[nodiscard]] std::vector<abort> task_finished(std::size_t task);

  /// The directory of the newest completed periodic checkpoint on disk: what a restart
  /// restores. Savepoints are not considered.
  [[nodiscard]] std::optional<std::filesystem::path> latest_completed() const;

  /// The job reached `final_status`: aborts what is pending (returned, not failures) and
  /// deletes the retained checkpoints if the job finished, or was canceled without
  /// `retain_on_cancellation`; keeps them if it failed (or any other status). Savepoints are
  /// never deleted. Afterwards every call is ignored, refused or returns nothing.
  [[nodiscard]] std::vector<abort> shutdown(job_status final_status);

  /// The id the next trigger takes.
  [[nodiscard]] checkpoint_id next_id() const noexcept { return next_id_; }
  /// Checkpoints and savepoints triggered and neither completed nor aborted.
  [[nodiscard]] std::size_t pending_count() const noexcept { return pending_.size(); }
  /// Ids of the completed periodic checkpoints on disk, oldest first (at most `retained`).
  [[nodiscard]] std::vector<checkpoint_id> retained_checkpoints() const;
  /// Periodic checkpoints failed in a row since the last completion (or job failure).
  [[nodiscard]] int consecutive_failures() const noexcept { return consecutive_failures_; }
  /// `<checkpoint directory>/<job id>`, parent of every `chk-<n>`.
  [[nodiscard]] const std::filesystem::path& job_directory() const noexcept { return job_dir_; }

private:
  class pending_checkpoint;
  struct completed_checkpoint {
    checkpoint_id id;
    std::filesystem::path directory;
  };

  [[nodiscard]] bool running() const noexcept;
  [[nodiscard]] std::size_t pending_periodic() const;
  /// Takes the next id, creates `directory` and makes the checkpoint pending.
  std::variant<trigger, error> start(bool savepoint, std::filesystem::path directory);
  /// A free `savepoint-...` directory under `parent`, or nothing after 10 taken names.
  std::optional<std::filesystem::path> savepoint_directory(const std::filesystem::path& parent);
  ack_result complete(std::unique_ptr<pending_checkpoint> done);
  /// Removes `p`'s directory, then failed().
  abort discard(const pending_checkpoint& p, std::string why, bool counts_as_failure);
  /// discard() of everything pending, none counted.
  std::vector<abort> discard_all(const std::string& why);
  /// The abort of checkpoint `id`; a counted failure of a periodic checkpoint extends the row
  /// of failures and may set fail_job.
  abort failed(checkpoint_id id, bool savepoint, std::string reason, bool counts_as_failure);
  /// storage_->remove(), logging a failure (a directory left behind fails nothing).
  void remove_directory(const std::filesystem::path& dir);

  checkpoint_config config_;
  std::string job_id_;
  std::string job_name_;
  std::size_t tasks_;
  std::shared_ptr<const time::clock> clock_;
  std::unique_ptr<checkpoint_storage> storage_;
  std::mt19937_64 rng_;
  checkpoint_id next_id_;
  std::filesystem::path job_dir_;

  std::map<checkpoint_id, std::unique_ptr<pending_checkpoint>> pending_;
  std::deque<completed_checkpoint> completed_; ///< oldest first
  std::vector<bool> finished_;                 ///< by task
  bool any_finished_ = false;
  bool suspended_ = false; ///< between abort_all() and restarted()
  bool shut_down_ = false;
  std::chrono::milliseconds last_periodic_trigger_;
  std::optional<std::chrono::milliseconds> last_completion_;
  int consecutive_failures_ = 0;
};

} // namespace weir::checkpoint
