// Checkpoints, restarts and savepoints of whole jobs on the embedded mini cluster:
//
//   generate(i) ─► key_by(i % keys) ─► process(count in value_state) ─► collect
//
// The count a key reaches is exactly its number of records whether or not the job failed on
// the way: state restored from a checkpoint and sources rewound to it reprocess each record
// once; lost or doubled state would show in the counts (the collected output holds replays,
// so the tests look at each key's highest count).

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <filesystem>
#include <map>
#include <thread>

#include "weir/test/checkpoint_jobs.hpp"
#include "weir/test/temp_dir.hpp"
#include "weir/weir.hpp"

using namespace weir;
using namespace std::chrono_literals;

namespace {

constexpr std::uint64_t keys = 50;

/// The shared counting job (weir/test/checkpoint_jobs.hpp) over `keys` keys.
collected<std::pair<std::uint64_t, long>> counting_job(environment& env, std::uint64_t records) {
  return test::counting_job(env, records, keys);
}
std::map<std::uint64_t, long> expected_counts(std::uint64_t records) {
  return test::expected_counts(records, keys);
}
using test::final_counts;

std::string describe(const std::variant<std::string, error>& taken) {
  if (const auto* err = std::get_if<error>(&taken))
    return err->to_string();
  return std::get<std::string>(taken);
}

} // namespace

BOOST_AUTO_TEST_SUITE(checkpoint_job_test)

BOOST_AUTO_TEST_CASE(a_job_that_fails_restores_its_latest_checkpoint_and_counts_every_record_once) {
  constexpr std::uint64_t records = 200'000;
  auto expected = expected_counts(records);
  std::size_t restored_from_checkpoint = 0;
  for (auto backend : {state_backend_kind::heap, state_backend_kind::rocksdb})
    for (int p = 1; p <= 3; ++p) {
      test::temp_dir dir;
      environment env;
      env.set_parallelism(p).set_state_backend(backend).set_state_dir((dir.path() / "db").string());
      env.enable_checkpointing(2ms);
      env.checkpoint_config().directory = (dir.path() / "checkpoints").string();
      env.set_restart_strategy(restart_strategy::fixed_delay(5, 0ms));
      auto faults = std::make_shared<fault_plan>(7);
      faults->fail_after_records("Count", 0, 40'000 / p).fail_after_records("Slow", p - 1, 30'000 / p);
      env.set_fault_plan(faults);
      auto out = counting_job(env, records);
      auto result = env.execute();
      BOOST_REQUIRE_MESSAGE(result.ok(), result.err().to_string());
      BOOST_TEST(faults->fired() == 2u);
      // Two faults, one or two restarts: a fault that fires while the job is already failing
      // is not a failure of its own.
      BOOST_TEST((result.restarts().size() == 1u || result.restarts().size() == 2u));
      for (const auto& r : result.restarts())
        restored_from_checkpoint += r.restored_checkpoint.has_value();
      BOOST_TEST((final_counts(out) == expected), "backend " << static_cast<int>(backend) << ", P=" << p);
    }
  // Timing decides whether a checkpoint completed before each failure; over 12 failures some
  // did, so restores were exercised, not only restarts from scratch.
  BOOST_TEST(restored_from_checkpoint > 0u);
}

BOOST_AUTO_TEST_CASE(a_task_that_loses_its_messages_stalls_until_a_checkpoint_times_out) {
  // The "Count" instance drops everything after 5000 records: nothing fails, but the next
  // checkpoint cannot complete; its timeout fails the job, which restarts from the last
  // completed checkpoint and counts every record once.
  test::temp_dir dir;
  environment env;
  env.set_parallelism(2);
  env.enable_checkpointing(5ms);
  env.checkpoint_config().directory = dir.path().string();
  env.checkpoint_config().timeout = 300ms;
  env.set_restart_strategy(restart_strategy::fixed_delay(2, 0ms));
  auto faults = std::make_shared<fault_plan>(5);
  faults->lose_messages("Count", 0, 5000);
  env.set_fault_plan(faults);
  auto out = counting_job(env, 100'000);
  auto result = env.execute();
  BOOST_REQUIRE_MESSAGE(result.ok(), result.err().to_string());
  BOOST_TEST(faults->fired() == 1u);
  BOOST_REQUIRE(result.restarts().size() == 1u);
  BOOST_TEST(result.restarts()[0].cause.message().find("expired") != std::string::npos,
             result.restarts()[0].cause.message());
  BOOST_TEST((final_counts(out) == expected_counts(100'000)));
}

BOOST_AUTO_TEST_CASE(a_delayed_channel_changes_no_result) {
  environment env;
  env.set_parallelism(2);
  env.enable_checkpointing(5ms);
  auto faults = std::make_shared<fault_plan>();
  faults->delay_channel("Slow", 1, 20ms);
  env.set_fault_plan(faults);
  auto out = counting_job(env, 50'000);
  auto started = std::chrono::steady_clock::now();
  auto result = env.execute();
  BOOST_REQUIRE_MESSAGE(result.ok(), result.err().to_string());
  BOOST_TEST(faults->fired() == 1u);
  BOOST_TEST((std::chrono::steady_clock::now() - started >= 20ms));
  BOOST_TEST((final_counts(out) == expected_counts(50'000)));
}

BOOST_AUTO_TEST_CASE(without_checkpoints_a_restart_starts_over) {
  environment env;
  env.set_parallelism(2);
  env.set_restart_strategy(restart_strategy::fixed_delay(1, 0ms));
  auto faults = std::make_shared<fault_plan>();
  faults->fail_after_records("Count", 1, 500);
  env.set_fault_plan(faults);
  auto out = counting_job(env, 10'000);
  auto result = env.execute();
  BOOST_REQUIRE_MESSAGE(result.ok(), result.err().to_string());
  BOOST_REQUIRE(result.restarts().size() == 1u);
  BOOST_TEST(!result.restarts()[0].restored_checkpoint.has_value());
  BOOST_TEST((final_counts(out) == expected_counts(10'000)));
}

BOOST_AUTO_TEST_CASE(a_failure_beyond_the_restart_strategy_fails_the_job_with_its_cause) {
  environment env;
  env.set_restart_strategy(restart_strategy::fixed_delay(1, 0ms));
  auto faults = std::make_shared<fault_plan>(3);
  faults->fail_after_records("Count", 0, 100).fail_after_records("Count", 0, 200);
  env.set_fault_plan(faults);
  (void) counting_job(env, 10'000);
  auto result = env.execute();
  BOOST_REQUIRE(!result.ok());
  BOOST_TEST(result.restarts().size() == 1u);
  BOOST_TEST(result.err().message().find("injected fault 2/2") != std::string::npos,
             result.err().message());
}

BOOST_AUTO_TEST_CASE(a_savepoint_taken_at_p2_restores_at_p3_and_p1_with_the_same_counts) {
  constexpr std::uint64_t records = 400'000;
  auto expected = expected_counts(records);
  for (int restore_p : {3, 1}) {
    test::temp_dir dir;
    std::string savepoint;
    {
      environment env;
      env.set_parallelism(2);
      auto out = counting_job(env, records);
      auto client = env.execute_async();
      std::this_thread::sleep_for(30ms);
      auto taken = client.stop_with_savepoint((dir.path() / "savepoints").string());
      BOOST_REQUIRE_MESSAGE(std::holds_alternative<std::string>(taken), describe(taken));
      savepoint = std::get<std::string>(taken);
      auto result = client.wait();
      BOOST_REQUIRE_MESSAGE(result.ok(), result.err().to_string());
      BOOST_TEST(result.savepoint_path() == savepoint);
      BOOST_TEST(std::filesystem::exists(std::filesystem::path{savepoint} / "_metadata"));
      // Stopped before the end: some keys have not reached their final count yet.
      BOOST_TEST((final_counts(out) != expected));
    }
    // The savepoint is self-contained: moved elsewhere, it still restores.
    auto moved = dir.path() / "moved";
    std::filesystem::rename(savepoint, moved);
    environment env;
    env.set_parallelism(restore_p);
    env.set_savepoint_restore(moved.string());
    auto out = counting_job(env, records);
    auto result = env.execute();
    BOOST_REQUIRE_MESSAGE(result.ok(), result.err().to_string());
    // Counts continue from the savepoint: the records before it are not emitted again, and
    // each key ends at its total.
    auto counts = final_counts(out);
    BOOST_TEST((counts == expected), "restored at P=" << restore_p);
    BOOST_TEST(out.size() < records);
  }
}

BOOST_AUTO_TEST_CASE(a_missing_or_damaged_savepoint_fails_the_job_naming_the_file) {
  test::temp_dir dir;
  {
    environment env;
    env.set_savepoint_restore((dir.path() / "nowhere").string());
    (void) counting_job(env, 10);
    auto result = env.execute();
    BOOST_REQUIRE(!result.ok());
    BOOST_TEST(result.err().message().find("nowhere") != std::string::npos,
               result.err().message());
  }
  std::filesystem::create_directories(dir.path() / "broken");
  {
    std::ofstream{dir.path() / "broken" / "_metadata"} << "{\"format\": ";
  }
  environment env;
  env.set_savepoint_restore((dir.path() / "broken").string());
  (void) counting_job(env, 10);
  auto result = env.execute();
  BOOST_REQUIRE(!result.ok());
  BOOST_TEST(result.err().message().find("_metadata") != std::string::npos,
             result.err().message());
}

BOOST_AUTO_TEST_CASE(state_of_an_operator_the_job_no_longer_has_needs_allow_non_restored_state) {
  test::temp_dir dir;
  std::string savepoint;
  {
    environment env;
    auto out = counting_job(env, 1'000'000);
    auto client = env.execute_async();
    std::this_thread::sleep_for(20ms);
    auto taken = client.stop_with_savepoint(dir.path().string());
    BOOST_REQUIRE_MESSAGE(std::holds_alternative<std::string>(taken), describe(taken));
    savepoint = std::get<std::string>(taken);
    BOOST_REQUIRE(client.wait().ok());
  }
  auto other_job = [](environment& env) {
    return env.generate(10, [](std::uint64_t i) { return i; })
      .key_by([](const std::uint64_t& i) { return i % keys; })
      .process(test::keyed_counter{})
      .uid("another-count")
      .collect();
  };
  {
    environment env;
    env.set_savepoint_restore(savepoint);
    (void) other_job(env);
    auto result = env.execute();
    BOOST_REQUIRE(!result.ok());
    BOOST_TEST(result.err().message().find("count") != std::string::npos, result.err().message());
  }
  environment env;
  env.set_savepoint_restore(savepoint, true);
  auto out = other_job(env);
  auto result = env.execute();
  BOOST_REQUIRE_MESSAGE(result.ok(), result.err().to_string());
}

BOOST_AUTO_TEST_CASE(checkpoints_follow_flinks_layout_and_only_the_retained_ones_stay) {
  test::temp_dir dir;
  environment env;
  env.set_parallelism(2);
  env.enable_checkpointing(2ms);
  env.checkpoint_config().directory = dir.path().string();
  env.checkpoint_config().retained = 2;
  env.checkpoint_config().retain_on_cancellation = true;
  (void) counting_job(env, 100'000'000);
  auto client = env.execute_async();
  std::this_thread::sleep_for(150ms);
  client.cancel();
  auto result = client.wait();
  BOOST_TEST(result.err().code() == errc::cancelled);
  BOOST_TEST(result.completed_checkpoints() >= 2u);
  std::vector<std::filesystem::path> chk;
  for (const auto& job : std::filesystem::directory_iterator(dir.path()))
    for (const auto& c : std::filesystem::directory_iterator(job.path()))
      if (c.path().filename().string().rfind("chk-", 0) == 0)
        chk.push_back(c.path());
  BOOST_TEST(chk.size() == 2u);
  for (const auto& c : chk)
    BOOST_TEST(std::filesystem::exists(c / "_metadata"));
}

BOOST_AUTO_TEST_SUITE_END()
