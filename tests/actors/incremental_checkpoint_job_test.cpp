// Incremental RocksDB checkpoints of whole jobs on the embedded mini cluster:
//
//   generate(i) ─► map(slow) ─► key_by(i % keys) ─► process(count in value_state) ─► collect
//
// With the RocksDB backend, periodic checkpoints are incremental (rocksdb_incremental_listing
// in each keyed directory; unchanged SST files are hard links to the previous checkpoint's).
// Oracle: the counts equal those of a failure-free run, with faults injected, and after a
// restore from a retained (incremental) checkpoint at another parallelism.

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <filesystem>
#include <map>
#include <set>
#include <thread>

#include <sys/stat.h>

#include "weir/state/rocksdb_incremental_listing.hpp"
#include "weir/test/checkpoint_jobs.hpp"
#include "weir/test/temp_dir.hpp"
#include "weir/weir.hpp"

using namespace weir;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {

constexpr std::uint64_t keys = 500;

/// The shared counting job (weir/test/checkpoint_jobs.hpp) over `keys` keys.
collected<std::pair<std::uint64_t, long>> counting_job(environment& env, std::uint64_t records) {
  return test::counting_job(env, records, keys, {1000, std::chrono::microseconds{300}});
}
std::map<std::uint64_t, long> expected_counts(std::uint64_t records) {
  return test::expected_counts(records, keys);
}
using test::final_counts;

/// The completed checkpoints under `base` (with a _metadata; a writer that finished after its
/// checkpoint was aborted may leave an incomplete chk-<n> behind).
std::vector<fs::path> checkpoints_under(const fs::path& base) {
  std::vector<fs::path> out;
  for (const auto& job : fs::directory_iterator(base))
    for (const auto& c : fs::directory_iterator(job.path()))
      if (c.path().filename().string().starts_with("chk-") && fs::exists(c.path() / "_metadata"))
        out.push_back(c.path());
  return out;
}

/// Waits (up to 20 s) until the job has completed a checkpoint numbered at least `id`.
void await_checkpoint(const fs::path& base, int id) {
  for (int i = 0; i < 2000; ++i) {
    std::error_code ec;
    for (const auto& job : fs::directory_iterator(base, ec))
      for (const auto& c : fs::directory_iterator(job.path(), ec)) {
        auto name = c.path().filename().string();
        if (name.starts_with("chk-") && std::stoi(name.substr(4)) >= id
            && fs::exists(c.path() / "_metadata", ec))
          return;
      }
    std::this_thread::sleep_for(10ms);
  }
}

std::vector<fs::path> keyed_dirs(const fs::path& chk) {
  std::vector<fs::path> out;
  for (const auto& e : fs::recursive_directory_iterator(chk))
    if (e.is_directory() && e.path().filename() == "keyed")
      out.push_back(e.path());
  return out;
}

} // namespace

BOOST_AUTO_TEST_SUITE(incremental_checkpoint_job_test)

BOOST_AUTO_TEST_CASE(faults_with_incremental_checkpoints_give_the_counts_of_a_failure_free_run) {
  constexpr std::uint64_t records = 200'000;
  auto expected = expected_counts(records);
  std::size_t restored_from_checkpoint = 0;
  for (int p = 1; p <= 3; ++p) {
    test::temp_dir dir;
    environment env;
    env.set_parallelism(p)
      .set_state_backend(state_backend_kind::rocksdb)
      .set_state_dir((dir.path() / "db").string());
    env.enable_checkpointing(2ms);
    env.checkpoint_config().directory = (dir.path() / "checkpoints").string();
    env.set_restart_strategy(restart_strategy::fixed_delay(5, 0ms));
    auto faults = std::make_shared<fault_plan>(11);
    faults->fail_after_records("Count", 0, 60'000 / p)
      .fail_after_records("Slow", p - 1, 90'000 / p);
    env.set_fault_plan(faults);
    auto out = counting_job(env, records);
    auto result = env.execute();
    BOOST_REQUIRE_MESSAGE(result.ok(), result.err().to_string());
    BOOST_TEST(faults->fired() == 2u);
    for (const auto& r : result.restarts())
      restored_from_checkpoint += r.restored_checkpoint.has_value();
    BOOST_TEST((final_counts(out) == expected), "P=" << p);
  }
  BOOST_TEST(restored_from_checkpoint > 0u);
}

BOOST_AUTO_TEST_CASE(a_retained_incremental_checkpoint_stands_alone_and_restores_at_p3) {
  constexpr std::uint64_t records = 3'000'000;
  test::temp_dir dir;
  {
    environment env;
    env.set_parallelism(2)
      .set_state_backend(state_backend_kind::rocksdb)
      .set_state_dir((dir.path() / "db").string());
    env.enable_checkpointing(2ms);
    env.checkpoint_config().directory = (dir.path() / "checkpoints").string();
    env.checkpoint_config().retained = 1;
    env.checkpoint_config().retain_on_cancellation = true;
    (void) counting_job(env, records);
    auto client = env.execute_async();
    await_checkpoint(dir.path() / "checkpoints", 4);
    client.cancel();
    auto result = client.wait();
    BOOST_REQUIRE(result.err().code() == errc::cancelled);
    BOOST_REQUIRE(result.completed_checkpoints() >= 1u);
  }
  auto chk = checkpoints_under(dir.path() / "checkpoints");
  BOOST_REQUIRE(chk.size() == 1u);
  // The one retained checkpoint holds every file it lists, and the job directory holds
  // nothing else: files of removed checkpoints are gone, except where this one links them.
  std::set<std::pair<dev_t, ino_t>> listed;
  auto keyed = keyed_dirs(chk[0]);
  BOOST_REQUIRE(keyed.size() == 2u);
  for (const auto& k : keyed) {
    auto listing = state::rocksdb_incremental_listing::read(k);
    BOOST_REQUIRE_MESSAGE(listing.ok(), (listing.ok() ? "" : listing.err().to_string()));
    BOOST_TEST(listing->shared_bytes() > 0u);
    for (const auto& f : listing->files) {
      BOOST_TEST(fs::file_size(k / f.name) == f.size);
      struct stat st {};
      BOOST_REQUIRE(::stat((k / f.name).c_str(), &st) == 0);
      listed.insert({st.st_dev, st.st_ino});
      BOOST_TEST(fs::hard_link_count(k / f.name) == 1u, k / f.name); // job and db are gone
    }
  }
  for (const auto& e : fs::recursive_directory_iterator(chk[0].parent_path())) {
    if (!e.is_regular_file() || e.path().parent_path().filename() != "keyed")
      continue;
    struct stat st {};
    BOOST_REQUIRE(::stat(e.path().c_str(), &st) == 0);
    BOOST_TEST((listed.count({st.st_dev, st.st_ino}) == 1u
                || e.path().filename() == state::rocksdb_incremental_listing::file_name),
               e.path());
  }

  // Restored at another parallelism, the job counts every record once.
  environment env;
  env.set_parallelism(3)
    .set_state_backend(state_backend_kind::rocksdb)
    .set_state_dir((dir.path() / "db2").string());
  env.enable_checkpointing(5ms);
  env.checkpoint_config().directory = (dir.path() / "checkpoints2").string();
  env.set_savepoint_restore(chk[0].string());
  auto out = counting_job(env, records);
  auto result = env.execute();
  BOOST_REQUIRE_MESSAGE(result.ok(), result.err().to_string());
  // Counts before the checkpoint come from restored state, so the highest count per key is
  // the full one.
  BOOST_TEST((final_counts(out) == expected_counts(records)));
}

BOOST_AUTO_TEST_CASE(the_heap_backend_refuses_an_incremental_checkpoint_naming_the_way_out) {
  test::temp_dir dir;
  {
    environment env;
    env.set_parallelism(1)
      .set_state_backend(state_backend_kind::rocksdb)
      .set_state_dir((dir.path() / "db").string());
    env.enable_checkpointing(2ms);
    env.checkpoint_config().directory = (dir.path() / "checkpoints").string();
    env.checkpoint_config().retain_on_cancellation = true;
    (void) counting_job(env, 100'000'000);
    auto client = env.execute_async();
    await_checkpoint(dir.path() / "checkpoints", 1);
    client.cancel();
    BOOST_REQUIRE(client.wait().completed_checkpoints() >= 1u);
  }
  auto chk = checkpoints_under(dir.path() / "checkpoints");
  BOOST_REQUIRE(!chk.empty());
  environment env;
  env.set_state_backend(state_backend_kind::heap);
  env.set_savepoint_restore(chk[0].string());
  (void) counting_job(env, 1000);
  auto result = env.execute();
  BOOST_REQUIRE(!result.ok());
  BOOST_TEST(result.err().message().find("incremental RocksDB snapshot")
               != std::string::npos,
             result.err().message());
  BOOST_TEST(result.err().message().find("savepoint") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
