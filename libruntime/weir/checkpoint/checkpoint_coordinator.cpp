#include "weir/checkpoint/checkpoint_coordinator.hpp"

#include <algorithm>
#include <cstdio>
#include <system_error>
#include <utility>

#include "weir/logger.hpp"

namespace weir::checkpoint {

namespace fs = std::filesystem;
using std::chrono::milliseconds;

namespace {

const std::shared_ptr<spdlog::logger>& checkpoint_log() {
  static auto instance = logger("weir.checkpoint");
  return instance;
}

/// "checkpoint 3" / "savepoint 3": how messages name a checkpoint.
std::string name_of(checkpoint_id id, bool savepoint) {
  return (savepoint ? "savepoint " : "checkpoint ") + std::to_string(id.value());
}

fs::path checkpoint_root(const checkpoint_config& config) {
  if (!config.directory.empty())
    return config.directory;
  std::error_code ec;
  auto tmp = fs::temp_directory_path(ec);
  return (ec ? fs::path{"/tmp"} : tmp) / "weir-checkpoints";
}

/// Tried names before trigger_savepoint gives up (Flink's savepoint location tries 10 too).
constexpr int savepoint_name_attempts = 10;

} // namespace

// --- filesystem_checkpoint_storage ----------------------------------------------------------

bool filesystem_checkpoint_storage::exists(const fs::path& dir) {
  std::error_code ec;
  return fs::exists(dir, ec);
}

std::optional<error> filesystem_checkpoint_storage::create_directory(const fs::path& dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec)
    return error{errc::io_error,
                 "cannot create the checkpoint directory " + dir.string() + ": " + ec.message()};
  if (!fs::is_directory(dir, ec))
    return error{errc::io_error, "cannot create the checkpoint directory " + dir.string()
                                   + ": a file of that name is in the way"};
  return std::nullopt;
}

std::optional<error> filesystem_checkpoint_storage::write_metadata(const checkpoint_metadata& meta,
                                                                   const fs::path& dir) {
  return checkpoint::write_metadata(meta, dir);
}

std::optional<error> filesystem_checkpoint_storage::remove(const fs::path& dir) {
  std::error_code ec;
  fs::remove_all(dir, ec);
  if (ec)
    return error{errc::io_error,
                 "cannot remove the checkpoint directory " + dir.string() + ": " + ec.message()};
  return std::nullopt;
}

void filesystem_checkpoint_storage::remove_if_empty(const fs::path& dir) {
  std::error_code ec;
  if (fs::is_directory(dir, ec) && fs::is_empty(dir, ec) && !ec)
    fs::remove(dir, ec);
}

// --- pending_checkpoint ---------------------------------------------------------------------

/// A triggered checkpoint collecting its tasks' acknowledgements (Flink's PendingCheckpoint).
/// It ends in one of two ways: complete() turns it into a completed checkpoint, discard() into
/// an abort; either way the coordinator drops it.
class checkpoint_coordinator::pending_checkpoint {
public:
  pending_checkpoint(trigger info, std::size_t tasks, milliseconds triggered_at)
    : info_(std::move(info)), triggered_at_(triggered_at), acks_(tasks) {}

  [[nodiscard]] const trigger& info() const noexcept { return info_; }
  [[nodiscard]] checkpoint_id id() const noexcept { return info_.id; }
  [[nodiscard]] bool savepoint() const noexcept { return info_.savepoint; }
  [[nodiscard]] std::string name() const { return name_of(info_.id, info_.savepoint); }
  [[nodiscard]] milliseconds triggered_at() const noexcept { return triggered_at_; }
  [[nodiscard]] std::size_t tasks() const noexcept { return acks_.size(); }
  [[nodiscard]] std::size_t acknowledged() const noexcept { return acknowledged_; }
  [[nodiscard]] bool fully_acknowledged() const noexcept { return acknowledged_ == acks_.size(); }
  [[nodiscard]] bool acknowledged_by(std::size_t task) const {
    return task < acks_.size() && acks_[task].has_value();
  }

  /// Records `task`'s snapshot; false if the task is out of range or acknowledged before (the
  /// first answer stands).
  bool acknowledge(std::size_t task, task_snapshot snapshot) {
    if (task >= acks_.size() || acks_[task])
      return false;
    acks_[task] = std::move(snapshot);
    ++acknowledged_;
    return true;
  }

  /// The manifest of the fully acknowledged checkpoint: the tasks' parts merged by operator id
  /// (operators in the order of the first task that has them, subtasks by index). Two answers
  /// for one subtask, or two parallelisms for one operator, mean the plan and the tasks
  /// disagree: an internal error rather than a manifest that restores the wrong state.
  [[nodiscard]] std::variant<checkpoint_metadata, error>
  metadata(const std::string& job_id, const std::string& job_name) const {
    checkpoint_metadata meta;
    meta.job_id = job_id;
    meta.job_name = job_name;
    meta.id = info_.id;
    meta.savepoint = info_.savepoint;
    meta.timestamp_ms = info_.timestamp_ms;
    for (std::size_t task = 0; task < acks_.size(); ++task) {
      for (const auto& part : acks_[task]->parts) {
        if (auto problem = conflict(meta, part))
          return error{errc::internal, "task " + std::to_string(task) + " acknowledged "
                                         + *problem};
        meta.add(task_snapshot{{part}});
      }
    }
    return meta;
  }

private:
  static std::optional<std::string> conflict(const checkpoint_metadata& meta,
                                             const task_snapshot::part& part) {
    auto what = "subtask " + std::to_string(part.state.subtask) + " of operator '"
                + part.operator_id + "'";
    if (part.state.subtask < 0 || part.state.subtask >= part.parallelism)
      return what + ", outside its parallelism " + std::to_string(part.parallelism);
    const auto* op = meta.find(part.operator_id);
    if (!op)
      return std::nullopt;
    if (op->parallelism != part.parallelism || op->max_parallelism != part.max_parallelism)
      return what + " with parallelism " + std::to_string(part.parallelism) + " (max "
             + std::to_string(part.max_parallelism) + "), another task with "
             + std::to_string(op->parallelism) + " (max " + std::to_string(op->max_parallelism)
             + ")";
    for (const auto& s : op->subtasks)
      if (s.subtask == part.state.subtask)
        return what + ", which another task acknowledged too";
    return std::nullopt;
  }

  trigger info_;
  milliseconds triggered_at_;
  std::vector<std::optional<task_snapshot>> acks_; ///< by task
  std::size_t acknowledged_ = 0;
};

// --- checkpoint_coordinator -----------------------------------------------------------------

checkpoint_coordinator::checkpoint_coordinator(checkpoint_config config, std::string job_id,
                                               std::string job_name, std::size_t tasks,
                                               std::shared_ptr<const time::clock> clock,
                                               std::unique_ptr<checkpoint_storage> storage,
                                               std::uint64_t seed, checkpoint_id next_id)
  : config_(std::move(config)), job_id_(std::move(job_id)), job_name_(std::move(job_name)),
    tasks_(tasks), clock_(clock ? std::move(clock) : time::system_clock()),
    storage_(storage ? std::move(storage) : std::make_unique<filesystem_checkpoint_storage>()),
    rng_(seed), next_id_(next_id), finished_(tasks, false),
    last_periodic_trigger_(clock_->now()) {
  if (auto err = config_.validate())
    throw weir_exception{std::move(*err)};
  if (job_id_.empty())
    throw weir_exception{
      error{errc::invalid_configuration, "the checkpoint coordinator needs a job id; it names "
                                         "the job's checkpoint directory"}};
  job_dir_ = checkpoint_root(config_) / job_id_;
}

checkpoint_coordinator::~checkpoint_coordinator() = default;
checkpoint_coordinator::checkpoint_coordinator(checkpoint_coordinator&&) noexcept = default;
checkpoint_coordinator&
checkpoint_coordinator::operator=(checkpoint_coordinator&&) noexcept = default;

bool checkpoint_coordinator::running() const noexcept {
  return !shut_down_ && !suspended_ && !any_finished_ && tasks_ > 0;
}

std::size_t checkpoint_coordinator::pending_periodic() const {
  return static_cast<std::size_t>(std::count_if(
    pending_.begin(), pending_.end(), [](const auto& p) { return !p.second->savepoint(); }));
}

checkpoint_coordinator::poll_result checkpoint_coordinator::poll() {
  if (!config_.enabled() || !running())
    return {};
  auto now = clock_->now();
  if (now - last_periodic_trigger_ < config_.interval)
    return {};
  if (last_completion_ && now - *last_completion_ < config_.min_pause)
    return {};
  if (pending_periodic() >= static_cast<std::size_t>(config_.max_concurrent))
    return {};
  // A trigger that fails still counts as one, so that a broken disk is retried once per
  // interval, not on every poll.
  last_periodic_trigger_ = now;
  auto id = next_id_;
  auto started = start(false, job_dir_ / ("chk-" + std::to_string(id.value())));
  if (auto* err = std::get_if<error>(&started)) {
    remove_directory(job_dir_ / ("chk-" + std::to_string(id.value())));
    return failed(id, false, name_of(id, false) + " could not be triggered: " + err->to_string(),
                  true);
  }
  return std::get<trigger>(std::move(started));
}

std::variant<checkpoint_coordinator::trigger, error> checkpoint_coordinator::trigger_final() {
  if (shut_down_ || suspended_ || tasks_ == 0)
    return error{errc::state_error, "cannot take the final checkpoint: the job is not running"};
  auto id = next_id_;
  auto started = start(false, job_dir_ / ("chk-" + std::to_string(id.value())));
  if (auto* err = std::get_if<error>(&started)) {
    remove_directory(job_dir_ / ("chk-" + std::to_string(id.value())));
    return error{err->code(), name_of(id, false) + " (final) could not be triggered: "
                                + err->message()};
  }
  return std::get<trigger>(std::move(started));
}

std::variant<checkpoint_coordinator::trigger, error>
checkpoint_coordinator::trigger_savepoint(const fs::path& parent) {
  if (shut_down_)
    return error{errc::state_error, "cannot take a savepoint: the job has ended"};
  if (suspended_)
    return error{errc::state_error,
                 "cannot take a savepoint: the job is restarting; retry when it runs again"};
  if (any_finished_)
    return error{errc::state_error,
                 "cannot take a savepoint: some of the job's tasks have finished"};
  if (tasks_ == 0)
    return error{errc::state_error, "cannot take a savepoint: the job has no tasks"};
  if (parent.empty())
    return error{errc::invalid_configuration,
                 "the savepoint directory is empty; name the directory to write the savepoint "
                 "under"};
  auto dir = savepoint_directory(parent);
  if (!dir)
    return error{errc::io_error, "no free savepoint directory name under " + parent.string()
                                   + " after " + std::to_string(savepoint_name_attempts)
                                   + " random names; check the directory"};
  auto id = next_id_;
  auto started = start(true, *dir);
  if (auto* err = std::get_if<error>(&started)) {
    remove_directory(*dir);
    return error{err->code(), name_of(id, true) + " could not be triggered: " + err->message()};
  }
  return started;
}

std::variant<checkpoint_coordinator::trigger, error>
checkpoint_coordinator::start(bool savepoint, fs::path directory) {
  // The id is taken even if the directory cannot be created: ids are never reused.
  auto id = next_id_;
  next_id_ = checkpoint_id{id.value() + 1};
  if (auto err = storage_->create_directory(directory))
    return std::move(*err);
  auto now = clock_->now();
  trigger t{id, savepoint, std::move(directory), now.count()};
  pending_.emplace(id, std::make_unique<pending_checkpoint>(t, tasks_, now));
  return t;
}

// Flink's savepoint location: `savepoint-<first 6 chars of the job id>-<12 random hex
// digits>`, drawn again if taken.
std::optional<fs::path> checkpoint_coordinator::savepoint_directory(const fs::path& parent) {
  auto prefix = "savepoint-" + job_id_.substr(0, 6) + "-";
  for (int attempt = 0; attempt < savepoint_name_attempts; ++attempt) {
    char hex[13];
    std::snprintf(hex, sizeof hex, "%012llx",
                  static_cast<unsigned long long>(rng_() >> 16)); // 48 bits = 12 digits
    auto dir = parent / (prefix + hex);
    if (!storage_->exists(dir))
      return dir;
  }
  return std::nullopt;
}

checkpoint_coordinator::ack_result
checkpoint_coordinator::acknowledge(checkpoint_id id, std::size_t task, task_snapshot snapshot) {
  auto it = pending_.find(id);
  if (shut_down_ || it == pending_.end() || !it->second->acknowledge(task, std::move(snapshot)))
    return {};
  if (!it->second->fully_acknowledged())
    return {};
  auto done = std::move(it->second);
  pending_.erase(it);
  return complete(std::move(done));
}

checkpoint_coordinator::ack_result
checkpoint_coordinator::complete(std::unique_ptr<pending_checkpoint> done) {
  auto merged = done->metadata(job_id_, job_name_);
  if (auto* err = std::get_if<error>(&merged))
    return discard(*done, done->name() + " could not be completed: " + err->to_string(), true);
  auto& meta = std::get<checkpoint_metadata>(merged);
  if (auto err = storage_->write_metadata(meta, done->info().directory))
    return discard(*done, done->name() + " could not be completed: " + err->to_string(), true);

  // Flink's CheckpointFailureManager counts failures in a row: any completion, savepoints
  // included, ends the row; and min_pause runs from any completion.
  consecutive_failures_ = 0;
  last_completion_ = clock_->now();
  completion c{done->id(), done->savepoint(), done->info().directory, std::move(meta), {}};
  if (done->savepoint()) // not a checkpoint to restore, prune or subsume by (as Flink's)
    return c;

  // Every older periodic checkpoint still pending is subsumed: this one is newer, and a
  // restore only ever takes the newest.
  for (auto it = pending_.begin(); it != pending_.end() && it->first < done->id();) {
    if (it->second->savepoint()) {
      ++it;
      continue;
    }
    c.subsumed.push_back(discard(*it->second,
                                 it->second->name() + " was subsumed by completed "
                                   + done->name(),
                                 false));
    it = pending_.erase(it);
  }
  // Flink's CompletedCheckpointStore: the newest `retained` stay, older ones are deleted.
  completed_.push_back({done->id(), done->info().directory});
  while (completed_.size() > static_cast<std::size_t>(config_.retained)) {
    remove_directory(completed_.front().directory);
    completed_.pop_front();
  }
  return c;
}

std::optional<checkpoint_coordinator::abort>
checkpoint_coordinator::decline(checkpoint_id id, std::size_t task, const error& why) {
  auto it = pending_.find(id);
  if (shut_down_ || it == pending_.end() || task >= it->second->tasks())
    return std::nullopt;
  auto declined = std::move(it->second);
  pending_.erase(it);
  return discard(*declined,
                 declined->name() + " was declined by task " + std::to_string(task) + ": "
                   + why.to_string(),
                 true);
}

std::vector<checkpoint_coordinator::abort> checkpoint_coordinator::check_timeouts() {
  std::vector<abort> expired;
  auto now = clock_->now();
  for (auto it = pending_.begin(); it != pending_.end();) {
    const auto& p = *it->second;
    if (now - p.triggered_at() < config_.timeout) {
      ++it;
      continue;
    }
    expired.push_back(discard(p,
                              p.name() + " expired after " + std::to_string(config_.timeout.count())
                                + " ms with " + std::to_string(p.acknowledged()) + " of "
                                + std::to_string(p.tasks()) + " tasks acknowledged",
                              true));
    it = pending_.erase(it);
  }
  return expired;
}

std::vector<checkpoint_coordinator::abort>
checkpoint_coordinator::abort_all(const std::string& reason) {
  if (shut_down_)
    return {};
  suspended_ = true;
  return discard_all(reason);
}

std::vector<checkpoint_coordinator::abort> checkpoint_coordinator::restarted(std::size_t tasks) {
  if (shut_down_)
    return {};
  auto aborted = discard_all("the job restarted");
  tasks_ = tasks;
  finished_.assign(tasks, false);
  any_finished_ = false;
  suspended_ = false;
  last_periodic_trigger_ = clock_->now();
  return aborted;
}

std::vector<checkpoint_coordinator::abort>
checkpoint_coordinator::task_finished(std::size_t task) {
  if (shut_down_ || task >= tasks_ || finished_[task])
    return {};
  finished_[task] = true;
  any_finished_ = true;
  std::vector<abort> aborted;
  for (auto it = pending_.begin(); it != pending_.end();) {
    if (it->second->acknowledged_by(task)) {
      ++it;
      continue;
    }
    aborted.push_back(discard(*it->second,
                              it->second->name() + " was aborted: task " + std::to_string(task)
                                + " finished before acknowledging it",
                              false));
    it = pending_.erase(it);
  }
  return aborted;
}

std::optional<fs::path> checkpoint_coordinator::latest_completed() const {
  if (completed_.empty())
    return std::nullopt;
  return completed_.back().directory;
}

std::vector<checkpoint_id> checkpoint_coordinator::retained_checkpoints() const {
  std::vector<checkpoint_id> ids;
  for (const auto& c : completed_)
    ids.push_back(c.id);
  return ids;
}

// Flink's CheckpointProperties for retained checkpoints: discarded when the job finishes or
// (unless retained on cancellation) is canceled, kept when it fails, so that it can be
// resumed by hand.
std::vector<checkpoint_coordinator::abort>
checkpoint_coordinator::shutdown(job_status final_status) {
  if (shut_down_)
    return {};
  auto aborted = discard_all(std::string{"the job is "} + to_string(final_status));
  shut_down_ = true;
  bool discard_retained =
    final_status == job_status::finished
    || (final_status == job_status::canceled && !config_.retain_on_cancellation);
  if (discard_retained) {
    for (const auto& c : completed_)
      remove_directory(c.directory);
    completed_.clear();
  }
  storage_->remove_if_empty(job_dir_);
  return aborted;
}

checkpoint_coordinator::abort checkpoint_coordinator::discard(const pending_checkpoint& p,
                                                              std::string why,
                                                              bool counts_as_failure) {
  remove_directory(p.info().directory);
  return failed(p.id(), p.savepoint(), std::move(why), counts_as_failure);
}

std::vector<checkpoint_coordinator::abort>
checkpoint_coordinator::discard_all(const std::string& why) {
  std::vector<abort> aborted;
  for (const auto& [id, p] : pending_)
    aborted.push_back(discard(*p, p->name() + " was aborted: " + why, false));
  pending_.clear();
  return aborted;
}

// Flink's CheckpointFailureManager: a failure of a periodic checkpoint extends the row; one
// beyond tolerable_failed fails the job and starts a new row. Unlike Flink, a manifest that
// cannot be written counts (Flink ignores FINALIZE_CHECKPOINT_FAILURE): a full disk should
// end in a job failure rather than a job that runs on without checkpoints.
checkpoint_coordinator::abort checkpoint_coordinator::failed(checkpoint_id id, bool savepoint,
                                                             std::string reason,
                                                             bool counts_as_failure) {
  abort a{id, savepoint, std::move(reason), false};
  if (!counts_as_failure || savepoint)
    return a;
  ++consecutive_failures_;
  if (consecutive_failures_ > config_.tolerable_failed) {
    a.reason += "; " + std::to_string(consecutive_failures_) + " failed checkpoint"
                + (consecutive_failures_ == 1 ? "" : "s") + " in a row exceed the "
                + std::to_string(config_.tolerable_failed)
                + " tolerated (checkpoint_config::tolerable_failed), so the job fails";
    a.fail_job = true;
    consecutive_failures_ = 0;
  }
  return a;
}

void checkpoint_coordinator::remove_directory(const fs::path& dir) {
  if (auto err = storage_->remove(dir))
    checkpoint_log()->warn("{} (left on disk)", err->to_string());
}

} // namespace weir::checkpoint
