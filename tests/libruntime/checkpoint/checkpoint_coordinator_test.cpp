// The checkpoint coordinator's decisions (Flink's CheckpointCoordinator rules): when periodic
// checkpoints trigger, when one completes and with what manifest, which ones are aborted,
// retained, subsumed or deleted, and when failed checkpoints fail the job. Time is a manual
// clock; the files live in an in-memory storage that records what was created, written and
// removed (one case uses the real file system).

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <map>
#include <memory>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "weir/checkpoint/checkpoint_coordinator.hpp"
#include "weir/test/temp_dir.hpp"

using namespace weir;
using namespace weir::checkpoint;
using std::chrono::milliseconds;
namespace fs = std::filesystem;
using coordinator = checkpoint_coordinator;

namespace {

/// Directories and manifests in memory; the test keeps the disk after handing the storage to
/// the coordinator.
struct fake_disk {
  std::set<fs::path> dirs;
  std::map<fs::path, checkpoint_metadata> manifests; ///< by directory
  std::set<fs::path> refuse_create;                  ///< create_directory fails for these
  bool refuse_writes = false;
  int writes = 0;

  [[nodiscard]] bool has(const fs::path& dir) const { return dirs.count(dir) > 0; }
};

class fake_storage final : public checkpoint_storage {
public:
  explicit fake_storage(std::shared_ptr<fake_disk> disk) : disk_(std::move(disk)) {}

  bool exists(const fs::path& dir) override { return disk_->has(dir); }
  std::optional<error> create_directory(const fs::path& dir) override {
    if (disk_->refuse_create.count(dir))
      return error{errc::io_error, "no space left on device: " + dir.string()};
    for (auto p = dir; !p.empty() && p != p.root_path(); p = p.parent_path())
      disk_->dirs.insert(p);
    return std::nullopt;
  }
  std::optional<error> write_metadata(const checkpoint_metadata& meta,
                                      const fs::path& dir) override {
    if (disk_->refuse_writes)
      return error{errc::io_error, "cannot write " + (dir / "_metadata").string()};
    BOOST_TEST(disk_->has(dir), "the manifest goes into a directory made at the trigger");
    ++disk_->writes;
    disk_->manifests[dir] = meta;
    return std::nullopt;
  }
  std::optional<error> remove(const fs::path& dir) override {
    std::erase_if(disk_->dirs, [&](const fs::path& p) { return under(p, dir); });
    std::erase_if(disk_->manifests, [&](const auto& m) { return under(m.first, dir); });
    return std::nullopt;
  }
  void remove_if_empty(const fs::path& dir) override {
    for (const auto& p : disk_->dirs)
      if (p != dir && under(p, dir))
        return;
    disk_->dirs.erase(dir);
  }

private:
  static bool under(const fs::path& p, const fs::path& dir) {
    auto [d, q] = std::mismatch(dir.begin(), dir.end(), p.begin(), p.end());
    return d == dir.end();
  }
  std::shared_ptr<fake_disk> disk_;
};

const fs::path root{"/ckpt"};
const std::string job_id = "a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6";

fs::path chk(int n) { return root / job_id / ("chk-" + std::to_string(n)); }

struct fixture {
  std::shared_ptr<time::manual_clock> clock =
    std::make_shared<time::manual_clock>(milliseconds{1'700'000'000'000});
  std::shared_ptr<fake_disk> disk = std::make_shared<fake_disk>();
  checkpoint_config config = [] {
    checkpoint_config c;
    c.interval = milliseconds{1000};
    c.directory = root.string();
    return c;
  }();

  coordinator make(std::size_t tasks = 2, checkpoint_id next = checkpoint_id{1},
                   std::uint64_t seed = 1) {
    return coordinator{config, job_id, "word count", tasks, clock,
                       std::make_unique<fake_storage>(disk), seed, next};
  }

  /// The next periodic trigger, `interval` from now.
  coordinator::trigger next_trigger(coordinator& c) {
    clock->advance(config.interval);
    auto r = c.poll();
    auto* t = std::get_if<coordinator::trigger>(&r);
    BOOST_REQUIRE_MESSAGE(t, "a periodic checkpoint was due");
    return *t;
  }
};

/// A task's acknowledgement: one part, of operator `op`, subtask `subtask` of `parallelism`.
task_snapshot part(const std::string& op, int subtask, int parallelism = 2,
                   const std::string& keyed = "") {
  task_snapshot s;
  task_snapshot::part p;
  p.operator_id = op;
  p.operator_name = op + " name";
  p.parallelism = parallelism;
  p.max_parallelism = 128;
  p.state.subtask = subtask;
  p.state.keyed = keyed.empty() ? op + "-" + std::to_string(subtask) + ".keyed" : keyed;
  p.state.bytes = 10;
  s.parts.push_back(p);
  return s;
}

/// Every task of a 2-task job acknowledges `id`; the last completes it.
coordinator::completion complete(coordinator& c, checkpoint_id id) {
  BOOST_TEST(std::holds_alternative<std::monostate>(c.acknowledge(id, 0, part("op", 0))));
  auto r = c.acknowledge(id, 1, part("op", 1));
  auto* done = std::get_if<coordinator::completion>(&r);
  BOOST_REQUIRE_MESSAGE(done, "checkpoint " << id << " completed");
  return std::move(*done);
}

bool mentions(const std::string& text, const std::string& what) {
  BOOST_TEST_INFO("text: " << text);
  return text.find(what) != std::string::npos;
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(checkpoint_coordinator_test, fixture)

// --- triggering -----------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(triggers_a_periodic_checkpoint_once_the_interval_has_passed) {
  auto c = make();
  BOOST_TEST(std::holds_alternative<std::monostate>(c.poll()));
  clock->advance(milliseconds{999});
  BOOST_TEST(std::holds_alternative<std::monostate>(c.poll()));
  clock->advance(milliseconds{1});
  auto r = c.poll();
  auto* t = std::get_if<coordinator::trigger>(&r);
  BOOST_REQUIRE(t);
  BOOST_TEST(t->id == checkpoint_id{1});
  BOOST_TEST(!t->savepoint);
  BOOST_TEST(t->directory == chk(1));
  BOOST_TEST(t->timestamp_ms == clock->now().count());
  BOOST_TEST(disk->has(chk(1)), "the directory is created at the trigger");
  // The next one is due an interval after this trigger, not after the coordinator started.
  clock->advance(milliseconds{999});
  BOOST_TEST(std::holds_alternative<std::monostate>(c.poll()));
}

BOOST_AUTO_TEST_CASE(nothing_triggers_while_checkpointing_is_off) {
  config.interval = milliseconds{0};
  auto c = make();
  clock->advance(milliseconds{86'400'000});
  BOOST_TEST(std::holds_alternative<std::monostate>(c.poll()));
  BOOST_TEST(c.pending_count() == 0u);
}

BOOST_AUTO_TEST_CASE(at_most_max_concurrent_periodic_checkpoints_are_pending) {
  config.max_concurrent = 2;
  auto c = make();
  auto first = next_trigger(c);
  next_trigger(c);
  clock->advance(milliseconds{5000});
  BOOST_TEST(std::holds_alternative<std::monostate>(c.poll()), "two are pending");
  BOOST_TEST(c.pending_count() == 2u);
  complete(c, first.id);
  auto r = c.poll(); // the interval passed long ago: the freed slot is taken at once
  auto* t = std::get_if<coordinator::trigger>(&r);
  BOOST_REQUIRE(t);
  BOOST_TEST(t->id == checkpoint_id{3});
}

BOOST_AUTO_TEST_CASE(min_pause_runs_from_the_last_completion) {
  config.min_pause = milliseconds{5000};
  auto c = make();
  auto t = next_trigger(c);
  clock->advance(milliseconds{500});
  complete(c, t.id);
  clock->advance(milliseconds{4999}); // interval passed, min pause not
  BOOST_TEST(std::holds_alternative<std::monostate>(c.poll()));
  clock->advance(milliseconds{1});
  BOOST_TEST(std::holds_alternative<coordinator::trigger>(c.poll()));
}

// --- completion -----------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(completes_once_every_task_acknowledged_with_the_merged_manifest) {
  // Task 0 runs subtask 1 of the chain [src > map], task 1 subtask 0; task 2 the sink.
  auto c = make(3);
  auto t = next_trigger(c);
  auto chain = [](int subtask) {
    auto s = part("src", subtask);
    s.parts.push_back(part("map", subtask).parts.front());
    return s;
  };
  BOOST_TEST(std::holds_alternative<std::monostate>(c.acknowledge(t.id, 2, part("sink", 0, 1))));
  BOOST_TEST(std::holds_alternative<std::monostate>(c.acknowledge(t.id, 0, chain(1))));
  BOOST_TEST(disk->writes == 0);
  auto r = c.acknowledge(t.id, 1, chain(0));
  auto* done = std::get_if<coordinator::completion>(&r);
  BOOST_REQUIRE(done);
  BOOST_TEST(done->id == t.id);
  BOOST_TEST(done->directory == chk(1));
  const auto& meta = done->metadata;
  BOOST_TEST(meta.job_id == job_id);
  BOOST_TEST(meta.job_name == "word count");
  BOOST_TEST(meta.id == t.id);
  BOOST_TEST(!meta.savepoint);
  BOOST_TEST(meta.timestamp_ms == t.timestamp_ms);
  // Operators in the order of the first task that has them, subtasks by index.
  BOOST_REQUIRE(meta.operators.size() == 3u);
  BOOST_TEST(meta.operators[0].id == "src");
  BOOST_TEST(meta.operators[1].id == "map");
  BOOST_TEST(meta.operators[2].id == "sink");
  BOOST_TEST(meta.operators[0].name == "src name");
  BOOST_TEST(meta.operators[0].parallelism == 2);
  BOOST_REQUIRE(meta.operators[0].subtasks.size() == 2u);
  BOOST_TEST(meta.operators[0].subtasks[0].subtask == 0);
  BOOST_TEST(meta.operators[0].subtasks[0].keyed == "src-0.keyed");
  BOOST_TEST(meta.operators[0].subtasks[1].keyed == "src-1.keyed");
  BOOST_TEST(meta.operators[2].subtasks.size() == 1u);
  // What was written is what was returned, in the trigger's directory.
  BOOST_TEST(disk->writes == 1);
  BOOST_TEST((disk->manifests.at(chk(1)) == meta));
  BOOST_TEST(c.pending_count() == 0u);
  BOOST_TEST((c.latest_completed() == chk(1)));
}

BOOST_AUTO_TEST_CASE(ignores_duplicate_unknown_out_of_range_and_late_acknowledgements) {
  auto c = make();
  auto t = next_trigger(c);
  BOOST_TEST(std::holds_alternative<std::monostate>(c.acknowledge(t.id, 0, part("op", 0))));
  // A second answer of task 0 does not count as task 1's, and does not replace the first.
  BOOST_TEST(std::holds_alternative<std::monostate>(
    c.acknowledge(t.id, 0, part("op", 0, 2, "second.keyed"))));
  BOOST_TEST(std::holds_alternative<std::monostate>(c.acknowledge(t.id, 2, part("op", 1))));
  BOOST_TEST(std::holds_alternative<std::monostate>(
    c.acknowledge(checkpoint_id{99}, 1, part("op", 1))));
  BOOST_TEST(c.pending_count() == 1u);
  auto r = c.acknowledge(t.id, 1, part("op", 1));
  auto* done = std::get_if<coordinator::completion>(&r);
  BOOST_REQUIRE(done);
  BOOST_TEST(done->metadata.operators[0].subtasks[0].keyed == "op-0.keyed");
  // Late: the checkpoint is complete.
  BOOST_TEST(std::holds_alternative<std::monostate>(c.acknowledge(t.id, 1, part("op", 1))));
  BOOST_TEST(disk->writes == 1);
}

BOOST_AUTO_TEST_CASE(an_acknowledgement_for_an_aborted_checkpoint_is_ignored) {
  config.tolerable_failed = 10;
  auto c = make();
  auto t = next_trigger(c);
  BOOST_TEST(c.decline(t.id, 0, error{errc::state_error, "disk"}).has_value());
  BOOST_TEST(std::holds_alternative<std::monostate>(c.acknowledge(t.id, 0, part("op", 0))));
  BOOST_TEST(std::holds_alternative<std::monostate>(c.acknowledge(t.id, 1, part("op", 1))));
  BOOST_TEST(disk->writes == 0);
  BOOST_TEST(!c.latest_completed());
}

BOOST_AUTO_TEST_CASE(two_answers_for_one_subtask_fail_the_checkpoint_instead_of_a_manifest) {
  config.tolerable_failed = 10;
  auto c = make();
  auto t = next_trigger(c);
  (void)c.acknowledge(t.id, 0, part("op", 0));
  auto r = c.acknowledge(t.id, 1, part("op", 0));
  auto* a = std::get_if<coordinator::abort>(&r);
  BOOST_REQUIRE(a);
  BOOST_TEST(mentions(a->reason, "subtask 0 of operator 'op'"));
  BOOST_TEST(mentions(a->reason, "internal"));
  BOOST_TEST(disk->writes == 0);
  BOOST_TEST(!disk->has(chk(1)));
  BOOST_TEST(c.consecutive_failures() == 1);
}

// --- retention and subsumption --------------------------------------------------------------

BOOST_AUTO_TEST_CASE(keeps_only_the_newest_completed_checkpoint_by_default) {
  auto c = make();
  for (int n = 1; n <= 3; ++n)
    complete(c, next_trigger(c).id);
  BOOST_TEST(!disk->has(chk(1)));
  BOOST_TEST(!disk->has(chk(2)));
  BOOST_TEST(disk->has(chk(3)));
  BOOST_TEST(disk->manifests.size() == 1u);
  BOOST_TEST((c.latest_completed() == chk(3)));
  BOOST_TEST((c.retained_checkpoints() == std::vector<checkpoint_id>{checkpoint_id{3}}));
}

BOOST_AUTO_TEST_CASE(keeps_the_newest_three_when_three_are_retained) {
  config.retained = 3;
  auto c = make();
  for (int n = 1; n <= 5; ++n)
    complete(c, next_trigger(c).id);
  BOOST_TEST(!disk->has(chk(1)));
  BOOST_TEST(!disk->has(chk(2)));
  for (int n = 3; n <= 5; ++n)
    BOOST_TEST(disk->has(chk(n)), "chk-" << n);
  BOOST_TEST((c.retained_checkpoints()
              == std::vector<checkpoint_id>{checkpoint_id{3}, checkpoint_id{4},
                                            checkpoint_id{5}}));
  BOOST_TEST((c.latest_completed() == chk(5)));
}

BOOST_AUTO_TEST_CASE(a_completed_checkpoint_subsumes_older_pending_ones) {
  config.max_concurrent = 3;
  auto c = make();
  auto first = next_trigger(c);
  auto second = next_trigger(c);
  auto third = next_trigger(c);
  auto done = complete(c, second.id);
  BOOST_REQUIRE(done.subsumed.size() == 1u);
  BOOST_TEST(done.subsumed[0].id == first.id);
  BOOST_TEST(!done.subsumed[0].fail_job, "a subsumed checkpoint is no failure");
  BOOST_TEST(mentions(done.subsumed[0].reason, "subsumed by completed checkpoint 2"));
  BOOST_TEST(!disk->has(chk(1)));
  BOOST_TEST(c.consecutive_failures() == 0);
  // The newer one is still pending and completes.
  BOOST_TEST(c.pending_count() == 1u);
  BOOST_TEST(complete(c, third.id).subsumed.empty());
  BOOST_TEST(std::holds_alternative<std::monostate>(c.acknowledge(first.id, 0, part("op", 0))));
}

// --- aborts and failures --------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(a_declined_checkpoint_is_aborted_and_its_directory_removed) {
  config.tolerable_failed = 1;
  auto c = make();
  auto t = next_trigger(c);
  (void)c.acknowledge(t.id, 0, part("op", 0));
  BOOST_TEST(!c.decline(checkpoint_id{42}, 1, error{errc::state_error, "x"}));
  BOOST_TEST(!c.decline(t.id, 7, error{errc::state_error, "x"}), "no task 7");
  auto a = c.decline(t.id, 1, error{errc::state_error, "RocksDB checkpoint failed"});
  BOOST_REQUIRE(a);
  BOOST_TEST(a->id == t.id);
  BOOST_TEST(!a->savepoint);
  BOOST_TEST(!a->fail_job);
  BOOST_TEST(mentions(a->reason, "checkpoint 1 was declined by task 1"));
  BOOST_TEST(mentions(a->reason, "RocksDB checkpoint failed"));
  BOOST_TEST(!disk->has(chk(1)));
  BOOST_TEST(c.pending_count() == 0u);
  BOOST_TEST(!c.decline(t.id, 1, error{errc::state_error, "again"}), "aborted once");
}

BOOST_AUTO_TEST_CASE(a_checkpoint_not_complete_within_the_timeout_expires) {
  config.timeout = milliseconds{5000};
  config.max_concurrent = 2;
  config.tolerable_failed = 5;
  auto c = make();
  auto first = next_trigger(c);
  auto second = next_trigger(c); // 1000 ms later
  (void)c.acknowledge(first.id, 1, part("op", 1));
  clock->advance(milliseconds{3999});
  BOOST_TEST(c.check_timeouts().empty());
  clock->advance(milliseconds{1}); // 5000 ms after the first trigger
  auto expired = c.check_timeouts();
  BOOST_REQUIRE(expired.size() == 1u);
  BOOST_TEST(expired[0].id == first.id);
  BOOST_TEST(mentions(expired[0].reason, "expired after 5000 ms with 1 of 2 tasks"));
  BOOST_TEST(!disk->has(chk(1)));
  BOOST_TEST(disk->has(chk(2)));
  clock->advance(milliseconds{1000});
  expired = c.check_timeouts();
  BOOST_REQUIRE(expired.size() == 1u);
  BOOST_TEST(expired[0].id == second.id);
  BOOST_TEST(c.consecutive_failures() == 2);
}

BOOST_AUTO_TEST_CASE(failures_beyond_tolerable_failed_in_a_row_fail_the_job) {
  config.tolerable_failed = 2;
  auto c = make();
  auto fail_next = [&] {
    auto a = c.decline(next_trigger(c).id, 0, error{errc::state_error, "no"});
    BOOST_REQUIRE(a);
    return *a;
  };
  BOOST_TEST(!fail_next().fail_job);
  BOOST_TEST(!fail_next().fail_job);
  auto third = fail_next();
  BOOST_TEST(third.fail_job);
  BOOST_TEST(mentions(third.reason, "3 failed checkpoints in a row exceed the 2 tolerated"));
  BOOST_TEST(mentions(third.reason, "tolerable_failed"));
  // Failing the job starts a new row.
  BOOST_TEST(c.consecutive_failures() == 0);
  BOOST_TEST(!fail_next().fail_job);
}

BOOST_AUTO_TEST_CASE(a_completed_checkpoint_ends_the_row_of_failures) {
  config.tolerable_failed = 1;
  auto c = make();
  BOOST_TEST(!c.decline(next_trigger(c).id, 0, error{errc::state_error, "1"})->fail_job);
  complete(c, next_trigger(c).id);
  BOOST_TEST(c.consecutive_failures() == 0);
  BOOST_TEST(!c.decline(next_trigger(c).id, 0, error{errc::state_error, "2"})->fail_job);
  BOOST_TEST(c.decline(next_trigger(c).id, 0, error{errc::state_error, "3"})->fail_job);
}

BOOST_AUTO_TEST_CASE(with_no_tolerance_the_first_failed_checkpoint_fails_the_job) {
  auto c = make(); // tolerable_failed = 0, Flink's default
  auto a = c.decline(next_trigger(c).id, 1, error{errc::state_error, "no"});
  BOOST_REQUIRE(a);
  BOOST_TEST(a->fail_job);
}

BOOST_AUTO_TEST_CASE(a_directory_that_cannot_be_created_fails_the_trigger) {
  disk->refuse_create.insert(chk(1));
  auto c = make();
  clock->advance(config.interval);
  auto r = c.poll();
  auto* a = std::get_if<coordinator::abort>(&r);
  BOOST_REQUIRE(a);
  BOOST_TEST(a->id == checkpoint_id{1});
  BOOST_TEST(a->fail_job);
  BOOST_TEST(mentions(a->reason, "could not be triggered"));
  BOOST_TEST(mentions(a->reason, "no space left"));
  BOOST_TEST(c.pending_count() == 0u);
  // Retried an interval later, not at the next poll, under a new id.
  BOOST_TEST(std::holds_alternative<std::monostate>(c.poll()));
  BOOST_TEST(next_trigger(c).id == checkpoint_id{2});
}

BOOST_AUTO_TEST_CASE(a_manifest_that_cannot_be_written_fails_the_checkpoint) {
  disk->refuse_writes = true;
  auto c = make();
  auto t = next_trigger(c);
  (void)c.acknowledge(t.id, 0, part("op", 0));
  auto r = c.acknowledge(t.id, 1, part("op", 1));
  auto* a = std::get_if<coordinator::abort>(&r);
  BOOST_REQUIRE(a);
  BOOST_TEST(a->fail_job);
  BOOST_TEST(mentions(a->reason, "checkpoint 1 could not be completed"));
  BOOST_TEST(!disk->has(chk(1)));
  BOOST_TEST(!c.latest_completed());
}

// --- savepoints -----------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(a_savepoint_gets_a_fresh_directory_and_ignores_max_concurrent) {
  auto c = make(); // max_concurrent = 1
  auto periodic = next_trigger(c);
  auto r = c.trigger_savepoint("/savepoints");
  auto* sp = std::get_if<coordinator::trigger>(&r);
  BOOST_REQUIRE(sp);
  BOOST_TEST(sp->id == checkpoint_id{2}, "savepoints share the numbering");
  BOOST_TEST(sp->savepoint);
  BOOST_TEST(sp->directory.parent_path() == fs::path{"/savepoints"});
  BOOST_TEST(std::regex_match(sp->directory.filename().string(),
                              std::regex{"savepoint-a1b2c3-[0-9a-f]{12}"}),
             sp->directory.filename());
  BOOST_TEST(disk->has(sp->directory));
  BOOST_TEST(c.pending_count() == 2u);
  // Completing the savepoint subsumes nothing and is not a retained checkpoint.
  auto done = complete(c, sp->id);
  BOOST_TEST(done.savepoint);
  BOOST_TEST(done.metadata.savepoint);
  BOOST_TEST(done.subsumed.empty());
  BOOST_TEST(c.pending_count() == 1u);
  BOOST_TEST(!c.latest_completed());
  complete(c, periodic.id);
  BOOST_TEST((c.latest_completed() == chk(1)));
}

BOOST_AUTO_TEST_CASE(savepoints_are_never_pruned_nor_deleted_at_shutdown) {
  auto c = make(); // retained = 1
  auto r = c.trigger_savepoint("/savepoints");
  auto sp = std::get<coordinator::trigger>(r);
  complete(c, sp.id);
  for (int n = 0; n < 3; ++n)
    complete(c, next_trigger(c).id);
  BOOST_TEST(disk->has(sp.directory));
  BOOST_TEST(disk->manifests.count(sp.directory) == 1u);
  BOOST_TEST((c.retained_checkpoints() == std::vector<checkpoint_id>{checkpoint_id{4}}));
  BOOST_TEST(c.shutdown(job_status::finished).empty());
  BOOST_TEST(disk->has(sp.directory));
  BOOST_TEST(!disk->has(chk(4)));
}

BOOST_AUTO_TEST_CASE(a_savepoint_that_fails_never_fails_the_job) {
  auto c = make(); // tolerable_failed = 0
  auto sp = std::get<coordinator::trigger>(c.trigger_savepoint("/savepoints"));
  auto a = c.decline(sp.id, 0, error{errc::state_error, "no"});
  BOOST_REQUIRE(a);
  BOOST_TEST(a->savepoint);
  BOOST_TEST(!a->fail_job);
  BOOST_TEST(mentions(a->reason, "savepoint 1 was declined"));
  BOOST_TEST(!disk->has(sp.directory), "an unfinished savepoint is removed");
  BOOST_TEST(c.consecutive_failures() == 0);
}

BOOST_AUTO_TEST_CASE(savepoint_names_follow_the_seed_and_avoid_taken_directories) {
  auto first = make(2, checkpoint_id{1}, 7);
  auto taken = std::get<coordinator::trigger>(first.trigger_savepoint("/sp")).directory;
  auto again = make(2, checkpoint_id{1}, 7); // same seed: would draw the same name first
  auto dir = std::get<coordinator::trigger>(again.trigger_savepoint("/sp")).directory;
  BOOST_TEST(dir != taken);
  BOOST_TEST(dir.parent_path() == fs::path{"/sp"});
}

BOOST_AUTO_TEST_CASE(a_savepoint_is_refused_without_a_directory_or_a_running_job) {
  auto c = make();
  auto r = c.trigger_savepoint("");
  BOOST_REQUIRE(std::holds_alternative<error>(r));
  BOOST_TEST((std::get<error>(r).code() == errc::invalid_configuration));
  (void)c.abort_all("task 1 failed");
  r = c.trigger_savepoint("/sp");
  BOOST_REQUIRE(std::holds_alternative<error>(r));
  BOOST_TEST(mentions(std::get<error>(r).message(), "restarting"));
  (void)c.shutdown(job_status::failed);
  BOOST_TEST(std::holds_alternative<error>(c.trigger_savepoint("/sp")));
}

// --- the job's lifecycle --------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(a_finished_task_stops_triggering_and_aborts_what_it_cannot_acknowledge) {
  config.max_concurrent = 2;
  auto c = make();
  auto acked = next_trigger(c);
  auto unacked = next_trigger(c);
  (void)c.acknowledge(acked.id, 0, part("op", 0));
  auto aborted = c.task_finished(0);
  BOOST_REQUIRE(aborted.size() == 1u);
  BOOST_TEST(aborted[0].id == unacked.id);
  BOOST_TEST(!aborted[0].fail_job, "not a failure, although none is tolerated");
  BOOST_TEST(mentions(aborted[0].reason, "task 0 finished"));
  BOOST_TEST(!disk->has(chk(2)));
  // The one task 0 acknowledged before finishing still completes.
  auto r = c.acknowledge(acked.id, 1, part("op", 1));
  BOOST_TEST(std::holds_alternative<coordinator::completion>(r));
  clock->advance(milliseconds{10'000});
  BOOST_TEST(std::holds_alternative<std::monostate>(c.poll()));
  BOOST_TEST(std::holds_alternative<error>(c.trigger_savepoint("/sp")));
  BOOST_TEST(c.task_finished(0).empty(), "told twice");
}

BOOST_AUTO_TEST_CASE(numbering_continues_from_next_id_and_across_restarts) {
  auto c = make(2, checkpoint_id{8});
  auto t = next_trigger(c);
  BOOST_TEST(t.id == checkpoint_id{8});
  BOOST_TEST(t.directory == chk(8));
  auto aborted = c.abort_all("task 1 failed");
  BOOST_REQUIRE(aborted.size() == 1u);
  BOOST_TEST(aborted[0].id == checkpoint_id{8});
  BOOST_TEST(!aborted[0].fail_job, "a job failure's aborts are no checkpoint failures");
  BOOST_TEST(mentions(aborted[0].reason, "task 1 failed"));
  BOOST_TEST(!disk->has(chk(8)));
  // Nothing triggers while the job restarts.
  clock->advance(milliseconds{10'000});
  BOOST_TEST(std::holds_alternative<std::monostate>(c.poll()));
  BOOST_TEST(c.restarted(3).empty());
  BOOST_TEST(std::holds_alternative<std::monostate>(c.poll()), "an interval after the restart");
  auto after = next_trigger(c);
  BOOST_TEST(after.id == checkpoint_id{9});
  // The redeployed job has three tasks.
  (void)c.acknowledge(after.id, 0, part("op", 0, 3));
  (void)c.acknowledge(after.id, 1, part("op", 1, 3));
  BOOST_TEST(std::holds_alternative<coordinator::completion>(
    c.acknowledge(after.id, 2, part("op", 2, 3))));
  BOOST_TEST(c.next_id() == checkpoint_id{10});
}

BOOST_AUTO_TEST_CASE(a_restart_clears_finished_tasks) {
  auto c = make();
  (void)c.task_finished(1);
  clock->advance(config.interval);
  BOOST_TEST(std::holds_alternative<std::monostate>(c.poll()));
  (void)c.abort_all("restart");
  (void)c.restarted(2);
  BOOST_TEST(next_trigger(c).id == checkpoint_id{1});
}

BOOST_AUTO_TEST_CASE(a_finished_job_deletes_its_retained_checkpoints) {
  config.retained = 2;
  config.max_concurrent = 2;
  auto c = make();
  complete(c, next_trigger(c).id);
  complete(c, next_trigger(c).id);
  auto pending = next_trigger(c);
  auto aborted = c.shutdown(job_status::finished);
  BOOST_REQUIRE(aborted.size() == 1u);
  BOOST_TEST(aborted[0].id == pending.id);
  BOOST_TEST(!aborted[0].fail_job);
  BOOST_TEST(!disk->has(chk(1)));
  BOOST_TEST(!disk->has(chk(2)));
  BOOST_TEST(!disk->has(chk(3)));
  BOOST_TEST(!disk->has(root / job_id), "the emptied job directory goes too");
  BOOST_TEST(!c.latest_completed());
  // Afterwards nothing happens.
  clock->advance(milliseconds{10'000});
  BOOST_TEST(std::holds_alternative<std::monostate>(c.poll()));
  BOOST_TEST(c.abort_all("late").empty());
}

BOOST_AUTO_TEST_CASE(a_canceled_job_deletes_its_checkpoints_unless_told_to_retain_them) {
  {
    auto c = make();
    complete(c, next_trigger(c).id);
    (void)c.shutdown(job_status::canceled);
    BOOST_TEST(!disk->has(chk(1)));
  }
  config.retain_on_cancellation = true;
  auto c = make(2, checkpoint_id{5});
  complete(c, next_trigger(c).id);
  (void)c.shutdown(job_status::canceled);
  BOOST_TEST(disk->has(chk(5)));
  BOOST_TEST(disk->manifests.count(chk(5)) == 1u);
  BOOST_TEST((c.latest_completed() == chk(5)));
}

BOOST_AUTO_TEST_CASE(a_failed_job_keeps_its_checkpoints_to_be_resumed_from) {
  auto c = make();
  complete(c, next_trigger(c).id);
  (void)c.shutdown(job_status::failed);
  BOOST_TEST(disk->has(chk(1)));
  BOOST_TEST(disk->manifests.count(chk(1)) == 1u);
}

// --- configuration --------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(an_invalid_config_is_refused_at_construction) {
  config.max_concurrent = 0;
  try {
    (void)make();
    BOOST_FAIL("max_concurrent = 0 was accepted");
  } catch (const weir_exception& e) {
    BOOST_TEST(mentions(e.err().message(), "max_concurrent"));
  }
}

BOOST_AUTO_TEST_CASE(without_a_directory_checkpoints_go_to_the_temp_dir) {
  config.directory.clear();
  auto c = make();
  BOOST_TEST(c.job_directory() == fs::temp_directory_path() / "weir-checkpoints" / job_id);
  BOOST_TEST(next_trigger(c).directory == c.job_directory() / "chk-1");
}

// --- the real file system -------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(on_the_file_system_a_completed_checkpoint_reads_back) {
  test::temp_dir tmp;
  config.directory = tmp.path().string();
  coordinator c{config, job_id, "word count", 2, clock,
                std::make_unique<filesystem_checkpoint_storage>(), 1};
  auto t = next_trigger(c);
  BOOST_TEST(fs::is_directory(t.directory));
  auto first = complete(c, t.id);
  auto read = read_metadata(t.directory);
  BOOST_REQUIRE(std::holds_alternative<checkpoint_metadata>(read));
  BOOST_TEST((std::get<checkpoint_metadata>(read) == first.metadata));
  // The next completion prunes the first (retained = 1); a finished job leaves nothing.
  auto second = next_trigger(c);
  complete(c, second.id);
  BOOST_TEST(!fs::exists(t.directory));
  BOOST_TEST(fs::exists(second.directory / metadata_file_name));
  (void)c.shutdown(job_status::finished);
  BOOST_TEST(!fs::exists(tmp.path() / job_id));
  BOOST_TEST(fs::exists(tmp.path()));
}

BOOST_AUTO_TEST_SUITE_END()
