// Whole jobs writing through the exactly-once file sink, with checkpoints every 5 ms, a
// fixed-delay restart strategy and injected faults: whatever fails where, the committed
// output (the lines of the finished part files, as a sorted multiset) equals the output of
// the run without failures, at parallelism 1 and 3.
//
//   generate(n) ─► map (slow; fails after records) ─► rebalance ─► exactly-once file sink
//                                                                  (fails before/after commit)
//   checkpointed user source ─► map ─► rebalance ─► exactly-once file sink

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <cstdint>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "part_files.hpp"
#include "weir/test/checkpoint_jobs.hpp"
#include "weir/test/temp_dir.hpp"
#include "weir/weir.hpp"

using namespace weir;
namespace fs = std::filesystem;

namespace {

constexpr std::uint64_t records = 3000;
const std::string sink_name = "Exactly-once File Sink";

/// Maps i to "r<i>", slowly enough (1 ms every `every` records) for a few dozen checkpoints
/// to complete while the job runs.
struct slow_record {
  std::uint64_t every = 12;
  std::string operator()(const std::uint64_t& i) const {
    if (i % every == 0)
      std::this_thread::sleep_for(std::chrono::milliseconds{1});
    return "r" + std::to_string(i);
  }
};

slow_record slow_at(int parallelism) {
  return slow_record{12 / static_cast<std::uint64_t>(parallelism)};
}

std::multiset<std::string> expected_lines() {
  std::multiset<std::string> out;
  for (std::uint64_t i = 0; i < records; ++i)
    out.insert("r" + std::to_string(i));
  return out;
}

struct run_result {
  job_execution_result result;
  std::multiset<std::string> lines;
  std::vector<std::string> hidden;
};

void configure(environment& env, const test::temp_dir& tmp, int parallelism,
               std::shared_ptr<fault_plan> faults) {
  env.set_parallelism(parallelism);
  // Small batches: a source task takes a checkpoint between activations of a few polls.
  env.set_batch_size(16);
  // A thread per task: the map sleeps on its task's thread, and a task whose mailbox always
  // holds its next poll keeps its thread (CAF's unbounded max-throughput), so with fewer
  // threads than busy tasks the others, and their checkpoint acknowledgements, starve.
  env.set_worker_threads(8);
  env.enable_checkpointing(std::chrono::milliseconds{5});
  env.checkpoint_config().directory = (tmp.path() / "checkpoints").string();
  env.set_restart_strategy(restart_strategy::fixed_delay(10, std::chrono::milliseconds{0}));
  if (faults)
    env.set_fault_plan(std::move(faults));
}

run_result finish(environment& env, const fs::path& out) {
  run_result r{env.execute(), test::committed_lines(out), test::hidden_in(out)};
  return r;
}

/// generate ─► map ─► rebalance ─► sink, into `tmp`/out.
run_result run_generated(const test::temp_dir& tmp, int parallelism,
                         std::shared_ptr<fault_plan> faults = nullptr) {
  environment env;
  configure(env, tmp, parallelism, std::move(faults));
  auto out = tmp.path() / "out";
  env.generate(records, [](std::uint64_t i) { return i; })
    .map(slow_at(parallelism))
    .rebalance()
    .add_sink(exactly_once_file_sink<std::string>(out.string()), sink_name);
  return finish(env, out);
}

run_result run_positioned(const test::temp_dir& tmp, int parallelism,
                          std::shared_ptr<fault_plan> faults = nullptr) {
  environment env;
  configure(env, tmp, parallelism, std::move(faults));
  auto out = tmp.path() / "out";
  env.add_source(test::positioned_source{records, 4}, "Positioned Source")
    .set_parallelism(parallelism)
    .map(slow_at(parallelism))
    .rebalance()
    .add_sink(exactly_once_file_sink<std::string>(out.string()), sink_name);
  return finish(env, out);
}

/// The job succeeded with every record committed once and nothing left hidden. Every fault
/// fired, each causing a restart (faults that fire together, in tasks that fail at the same
/// time, share one).
void check_exactly_once(const run_result& r, const fault_plan* faults,
                        bool checkpoints_completed = true) {
  BOOST_REQUIRE_MESSAGE(r.result.ok(), r.result.err().to_string());
  std::size_t faults_planned = faults != nullptr ? faults->faults().size() : 0;
  if (faults != nullptr) {
    BOOST_TEST_MESSAGE(faults->describe());
    BOOST_TEST(faults->fired() == faults_planned);
  }
  BOOST_TEST(r.result.restarts().size() <= faults_planned);
  BOOST_TEST(r.result.restarts().size() >= std::min<std::size_t>(faults_planned, 1));
  if (checkpoints_completed)
    BOOST_TEST(r.result.completed_checkpoints() > 0u);
  BOOST_TEST(r.lines.size() == records);
  BOOST_TEST((r.lines == expected_lines()));
  BOOST_TEST(r.hidden.empty(), "left hidden: " << r.hidden.size() << " files");
}

} // namespace

BOOST_AUTO_TEST_SUITE(exactly_once_file_sink_job_test)

BOOST_AUTO_TEST_CASE(without_failures_every_record_is_committed_once) {
  for (int p : {1, 3}) {
    BOOST_TEST_CONTEXT("parallelism " << p) {
      test::temp_dir tmp;
      auto r = run_generated(tmp, p);
      check_exactly_once(r, nullptr);
      // Parts were committed along the way, not only at the end.
      BOOST_TEST(test::names_in(tmp.path() / "out").size() > static_cast<std::size_t>(p));
    }
  }
}

BOOST_AUTO_TEST_CASE(a_failing_map_rolls_back_what_the_sink_wrote_since_the_checkpoint) {
  for (int p : {1, 3}) {
    BOOST_TEST_CONTEXT("parallelism " << p) {
      test::temp_dir tmp;
      auto faults = std::make_shared<fault_plan>();
      faults->fail_after_records("Map", 0, records / (2 * static_cast<std::uint64_t>(p)));
      auto r = run_generated(tmp, p, faults);
      check_exactly_once(r, faults.get());
      BOOST_TEST(r.result.restarts().size() == 1u);
      BOOST_TEST(r.result.restarts().front().restored_checkpoint.has_value());
    }
  }
}

BOOST_AUTO_TEST_CASE(a_sink_failing_before_it_commits_recovers_the_pending_parts) {
  for (int p : {1, 3}) {
    BOOST_TEST_CONTEXT("parallelism " << p) {
      test::temp_dir tmp;
      auto faults = std::make_shared<fault_plan>();
      faults->fail_before_commit(sink_name, p - 1);
      auto r = run_generated(tmp, p, faults);
      check_exactly_once(r, faults.get());
    }
  }
}

BOOST_AUTO_TEST_CASE(a_sink_failing_after_it_committed_commits_nothing_twice) {
  for (int p : {1, 3}) {
    BOOST_TEST_CONTEXT("parallelism " << p) {
      test::temp_dir tmp;
      auto faults = std::make_shared<fault_plan>();
      faults->fail_after_commit(sink_name, 0);
      auto r = run_generated(tmp, p, faults);
      check_exactly_once(r, faults.get());
    }
  }
}

BOOST_AUTO_TEST_CASE(several_failures_in_one_run_leave_the_same_committed_output) {
  for (int p : {1, 3}) {
    BOOST_TEST_CONTEXT("parallelism " << p) {
      test::temp_dir tmp;
      auto faults = std::make_shared<fault_plan>(7);
      faults->fail_after_records("Map", p - 1, records / (3 * static_cast<std::uint64_t>(p)))
        .fail_before_commit(sink_name, 0)
        .fail_after_commit(sink_name, p - 1);
      auto r = run_generated(tmp, p, faults);
      check_exactly_once(r, faults.get());
    }
  }
}

BOOST_AUTO_TEST_CASE(a_checkpointed_user_source_resumes_where_the_restored_checkpoint_was) {
  for (int p : {1, 3}) {
    BOOST_TEST_CONTEXT("parallelism " << p) {
      test::temp_dir tmp;
      auto faults = std::make_shared<fault_plan>();
      faults->fail_after_records("Map", 0, records / (2 * static_cast<std::uint64_t>(p)))
        .fail_after_commit(sink_name, p - 1);
      auto r = run_positioned(tmp, p, faults);
      check_exactly_once(r, faults.get());
    }
  }
}

// The job ends with a final checkpoint (Flink's FLIP-147): every task finished and snapshots
// its end state, the sinks' last transactions included, before any sink commits. A sink that
// fails at the final commit makes the job restore that checkpoint, in which nothing is left
// to process: the sinks only commit again (idempotently), and nothing is written twice.
BOOST_AUTO_TEST_CASE(a_failure_at_the_final_commit_leaves_the_same_committed_output) {
  for (int p : {1, 3}) {
    for (bool before : {true, false}) {
      BOOST_TEST_CONTEXT("parallelism " << p << (before ? ", before" : ", after")
                                        << " committing the final checkpoint") {
        test::temp_dir tmp;
        auto faults = std::make_shared<fault_plan>();
        if (before)
          faults->fail_before_commit(sink_name, 0, final_checkpoint_id.value());
        else
          faults->fail_after_commit(sink_name, 0, final_checkpoint_id.value());
        auto r = run_generated(tmp, p, faults);
        check_exactly_once(r, faults.get());
      }
    }
  }
}

// The same when no periodic checkpoint completed: the final checkpoint is the one restored.
BOOST_AUTO_TEST_CASE(a_failure_at_the_final_commit_of_a_job_without_checkpoints_commits_once) {
  test::temp_dir tmp;
  auto faults = std::make_shared<fault_plan>();
  faults->fail_before_commit(sink_name, 0, final_checkpoint_id.value());
  environment env;
  configure(env, tmp, 3, faults);
  env.enable_checkpointing(std::chrono::seconds{60}); // none completes
  auto out = tmp.path() / "out";
  env.generate(records, [](std::uint64_t i) { return "r" + std::to_string(i); })
    .rebalance()
    .add_sink(exactly_once_file_sink<std::string>(out.string()), sink_name);
  auto r = finish(env, out);
  // Only final checkpoints completed: the first, and the one after the restart.
  BOOST_TEST(r.result.completed_checkpoints() == 2u);
  BOOST_REQUIRE(r.result.restarts().size() == 1u);
  BOOST_TEST(r.result.restarts()[0].restored_checkpoint.has_value());
  check_exactly_once(r, faults.get(), false);
}

BOOST_AUTO_TEST_SUITE_END()
