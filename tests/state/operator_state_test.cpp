#include <boost/test/unit_test.hpp>

#include <sys/stat.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "backend_fixture.hpp"
#include "weir/test/file_bytes.hpp"
#include "weir/state/operator_snapshot_format.hpp"
#include "weir/state/operator_state_backend.hpp"
#include "weir/state/operator_state_repartitioner.hpp"

// Operator (non-keyed) state: split-distribute and union lists and broadcast maps per
// operator instance, snapshots of one instance, and restores at another parallelism
// (Flink's RoundRobinOperatorStateRepartitioner semantics).

using namespace weir;
using state::operator_state_backend;
using weir::test::require;

BOOST_TEST_DONT_PRINT_LOG_VALUE(weir::state::errc)

namespace {

const list_state_descriptor<int> split_desc{"split"};
const list_state_descriptor<int> union_desc{"union"};
const map_state_descriptor<std::string, int> rules_desc{"rules"};

// Two instances of an operator at parallelism 2, snapshotted: instance 0 holds 0..10 in
// its split list, instance 1 holds 100..106; union lists hold -1 / -2; both broadcast
// maps {a: 1, b: 2}.
std::vector<std::filesystem::path> snapshot_two(const test::temp_dir& dir) {
  std::vector<std::filesystem::path> out;
  for (int i = 0; i < 2; ++i) {
    operator_state_backend b{i, 2};
    auto* split = require(b.get_list_state(split_desc));
    for (int v = i * 100; v < i * 100 + (i == 0 ? 11 : 7); ++v)
      split->add(v);
    require(b.get_union_list_state(union_desc))->add(-1 - i);
    auto* rules = require(b.get_broadcast_state(rules_desc));
    rules->put("a", 1);
    rules->put("b", 2);
    out.push_back(dir.path() / ("op-" + std::to_string(i)));
    (void)require(b.snapshot_sync(out.back()).run());
  }
  return out;
}

std::vector<int> all_elements() {
  std::vector<int> out;
  for (int v = 0; v < 11; ++v)
    out.push_back(v);
  for (int v = 100; v < 107; ++v)
    out.push_back(v);
  return out;
}

std::filesystem::path file_of(const std::filesystem::path& dir) {
  return dir / state::operator_snapshot_format::file_name;
}

bool names(const state::error& e, const std::filesystem::path& p) {
  return e.message().find(p.string()) != std::string::npos;
}

} // namespace

BOOST_AUTO_TEST_SUITE(operator_state_test)

BOOST_AUTO_TEST_CASE(a_list_is_per_instance_and_declaring_it_again_returns_the_same_list) {
  operator_state_backend b;
  auto* l = require(b.get_list_state(split_desc));
  l->add(1);
  l->add_all({2, 3});
  BOOST_TEST(require(b.get_list_state(split_desc)) == l);
  BOOST_TEST((l->get() == std::vector<int>{1, 2, 3}));
  l->update({7});
  BOOST_TEST((l->get() == std::vector<int>{7}));
  l->clear();
  BOOST_TEST(l->get().empty());
}

BOOST_AUTO_TEST_CASE(even_split_gives_each_element_to_exactly_one_instance_at_any_parallelism) {
  test::temp_dir dir;
  auto dirs = snapshot_two(dir);
  for (int p : {1, 3, 4}) {
    std::vector<int> seen;
    std::vector<std::size_t> sizes;
    for (int i = 0; i < p; ++i) {
      operator_state_backend b{i, p};
      require(b.restore(dirs));
      auto got = require(b.get_list_state(split_desc))->get();
      sizes.push_back(got.size());
      seen.insert(seen.end(), got.begin(), got.end());
    }
    std::sort(seen.begin(), seen.end());
    BOOST_TEST(seen == all_elements(), "parallelism " << p);
    auto [lo, hi] = std::minmax_element(sizes.begin(), sizes.end());
    BOOST_TEST(*hi - *lo <= 1u, "parallelism " << p);
  }
}

BOOST_AUTO_TEST_CASE(split_lists_are_cut_into_contiguous_runs_the_first_instances_taking_more) {
  std::vector<state::operator_state_image> old(2);
  for (int i = 0; i < 2; ++i) {
    old[i].subtask_index = i;
    old[i].parallelism = 2;
    old[i].states.push_back({"s", state::operator_state_mode::split_distribute, {}});
    for (int k = 0; k < 5; ++k)
      old[i].states[0].entries.push_back({"", std::to_string(i * 5 + k)});
  }
  std::vector<std::vector<std::string>> expected{
    {"0", "1", "2", "3"}, {"4", "5", "6"}, {"7", "8", "9"}};
  for (int i = 0; i < 3; ++i) {
    auto mine = require(state::operator_state_repartitioner::repartition(old, i, 3));
    std::vector<std::string> got;
    for (const auto& e : mine.states.at(0).entries)
      got.push_back(e.value);
    BOOST_TEST(got == expected[static_cast<std::size_t>(i)]);
  }
}

BOOST_AUTO_TEST_CASE(at_unchanged_parallelism_every_instance_keeps_its_own_list) {
  test::temp_dir dir;
  auto dirs = snapshot_two(dir);
  for (int i = 0; i < 2; ++i) {
    operator_state_backend b{i, 2};
    require(b.restore({dirs[1], dirs[0]})); // order of the directories does not matter
    auto got = require(b.get_list_state(split_desc))->get();
    BOOST_TEST(got.size() == (i == 0 ? 11u : 7u));
    BOOST_TEST(got.front() == i * 100);
  }
}

BOOST_AUTO_TEST_CASE(union_gives_every_instance_all_elements_of_all_former_instances) {
  test::temp_dir dir;
  auto dirs = snapshot_two(dir);
  for (int p : {1, 2, 3}) {
    for (int i = 0; i < p; ++i) {
      operator_state_backend b{i, p};
      require(b.restore(dirs));
      BOOST_TEST((require(b.get_union_list_state(union_desc))->get() == std::vector<int>{-1, -2}));
    }
  }
}

BOOST_AUTO_TEST_CASE(every_instance_gets_a_copy_of_the_broadcast_state) {
  test::temp_dir dir;
  auto dirs = snapshot_two(dir);
  for (int i = 0; i < 3; ++i) {
    operator_state_backend b{i, 3};
    require(b.restore(dirs));
    const auto& rules = *require(b.get_broadcast_state(rules_desc));
    BOOST_TEST(rules.size() == 2u);
    BOOST_TEST(rules.get("a").value_or(0) == 1);
    BOOST_TEST(*rules.find("b") == 2);
  }
}

BOOST_AUTO_TEST_CASE(a_snapshot_holds_the_state_of_its_sync_part) {
  test::temp_dir dir;
  operator_state_backend b;
  auto* l = require(b.get_list_state(split_desc));
  l->add(1);
  auto job = b.snapshot_sync(dir.path() / "snap");
  l->add(2); // after the synchronous part
  auto written = require(job.run());
  BOOST_TEST(written.entries == 1u);
  BOOST_TEST(!job.run().ok());
  operator_state_backend r;
  require(r.restore({dir.path() / "snap"}));
  BOOST_TEST((require(r.get_list_state(split_desc))->get() == std::vector<int>{1}));
}

BOOST_AUTO_TEST_CASE(restored_states_nobody_declared_survive_the_next_snapshot) {
  test::temp_dir dir;
  auto dirs = snapshot_two(dir);
  operator_state_backend b{0, 1};
  require(b.restore(dirs));
  BOOST_TEST(b.state_names().size() == 3u);
  (void)require(b.snapshot_sync(dir.path() / "again").run());
  operator_state_backend r{0, 1};
  require(r.restore({dir.path() / "again"}));
  BOOST_TEST(require(r.get_list_state(split_desc))->get().size() == 18u);
}

BOOST_AUTO_TEST_CASE(one_name_with_another_mode_or_type_or_a_ttl_is_an_error) {
  operator_state_backend b;
  (void)require(b.get_list_state(split_desc));
  auto as_union = b.get_union_list_state(split_desc);
  BOOST_REQUIRE(!as_union.ok());
  BOOST_TEST(as_union.err().code() == state::errc::incompatible_state);
  BOOST_TEST(as_union.err().message().find("'split'") != std::string::npos);
  auto other_type = b.get_list_state(list_state_descriptor<std::string>{"split"});
  BOOST_REQUIRE(!other_type.ok());
  BOOST_TEST(other_type.err().code() == state::errc::incompatible_state);
  BOOST_TEST(other_type.err().message().find("state of int") != std::string::npos);
  BOOST_TEST(other_type.err().message().find("state of std::string") != std::string::npos);
  list_state_descriptor<int> with_ttl{"ttl"};
  with_ttl.enable_time_to_live(state_ttl_config{std::chrono::milliseconds{10}});
  auto ttl = b.get_list_state(with_ttl);
  BOOST_REQUIRE(!ttl.ok());
  BOOST_TEST(ttl.err().code() == state::errc::invalid_configuration);
}

BOOST_AUTO_TEST_CASE(a_restored_state_declared_with_another_mode_is_an_error) {
  test::temp_dir dir;
  auto dirs = snapshot_two(dir);
  operator_state_backend b{0, 2};
  require(b.restore(dirs));
  auto r = b.get_union_list_state(split_desc);
  BOOST_REQUIRE(!r.ok());
  BOOST_TEST(r.err().code() == state::errc::incompatible_state);
}

BOOST_AUTO_TEST_CASE(restoring_from_an_incomplete_set_of_snapshots_is_an_error) {
  test::temp_dir dir;
  auto dirs = snapshot_two(dir);
  operator_state_backend b{0, 1};
  auto r = b.restore({dirs[1]});
  BOOST_REQUIRE(!r.ok());
  BOOST_TEST(r.err().code() == state::errc::invalid_configuration);
  BOOST_TEST(names(r.err(), file_of(dirs[1])));
}

BOOST_AUTO_TEST_CASE(a_missing_snapshot_is_an_error_naming_the_file) {
  test::temp_dir dir;
  operator_state_backend b;
  auto r = b.restore({dir.path() / "nowhere"});
  BOOST_REQUIRE(!r.ok());
  BOOST_TEST(r.err().code() == state::errc::snapshot_missing);
  BOOST_TEST(names(r.err(), file_of(dir.path() / "nowhere")));
}

BOOST_AUTO_TEST_CASE(a_fifo_or_directory_at_the_snapshot_path_is_reported_as_such) {
  test::temp_dir dir;
  std::filesystem::create_directories(dir.path() / "fifo");
  BOOST_REQUIRE(::mkfifo(file_of(dir.path() / "fifo").c_str(), 0600) == 0);
  std::filesystem::create_directories(file_of(dir.path() / "dir"));
  operator_state_backend b;
  auto fifo = b.restore({dir.path() / "fifo"}); // opening the FIFO would block
  BOOST_REQUIRE(!fifo.ok());
  BOOST_TEST(fifo.err().message().find("is a FIFO, not a snapshot file") != std::string::npos);
  auto directory = b.restore({dir.path() / "dir"});
  BOOST_REQUIRE(!directory.ok());
  BOOST_TEST(directory.err().message().find("is a directory, not a snapshot file")
             != std::string::npos);
}

BOOST_AUTO_TEST_CASE(bytes_after_the_last_state_block_are_an_error_naming_the_file) {
  test::temp_dir dir;
  auto dirs = snapshot_two(dir);
  test::write_file(file_of(dirs[0]), test::read_file(file_of(dirs[0])) + "xy");
  operator_state_backend b{0, 2};
  auto r = b.restore({dirs[0]});
  BOOST_REQUIRE(!r.ok());
  BOOST_TEST(r.err().code() == state::errc::snapshot_corrupt);
  BOOST_TEST(r.err().message().find("2 bytes follow") != std::string::npos);
  BOOST_TEST(names(r.err(), file_of(dirs[0])));
}

BOOST_AUTO_TEST_CASE(a_truncated_snapshot_is_an_error_naming_the_file) {
  test::temp_dir dir;
  auto dirs = snapshot_two(dir);
  auto bytes = test::read_file(file_of(dirs[0]));
  for (std::size_t cut : {std::size_t{3}, std::size_t{20}, bytes.size() - 1}) {
    test::write_file(file_of(dirs[0]), bytes.substr(0, cut));
    operator_state_backend b{0, 1};
    auto r = b.restore(dirs);
    BOOST_REQUIRE(!r.ok());
    BOOST_TEST(r.err().code() == state::errc::snapshot_truncated, "cut at " << cut);
    BOOST_TEST(names(r.err(), file_of(dirs[0])));
  }
}

BOOST_AUTO_TEST_CASE(a_corrupt_snapshot_is_an_error_naming_the_file) {
  test::temp_dir dir;
  auto dirs = snapshot_two(dir);
  auto bytes = test::read_file(file_of(dirs[1]));
  bytes[bytes.size() - 6] = static_cast<char>(bytes[bytes.size() - 6] ^ 0x5a);
  test::write_file(file_of(dirs[1]), bytes);
  operator_state_backend b{0, 1};
  auto r = b.restore(dirs);
  BOOST_REQUIRE(!r.ok());
  BOOST_TEST(r.err().code() == state::errc::snapshot_corrupt);
  BOOST_TEST(r.err().message().find("checksum") != std::string::npos);
  BOOST_TEST(names(r.err(), file_of(dirs[1])));
}

BOOST_AUTO_TEST_CASE(a_snapshot_of_another_format_version_or_kind_is_an_error) {
  test::temp_dir dir;
  auto dirs = snapshot_two(dir);
  auto bytes = test::read_file(file_of(dirs[0]));
  bytes[8] = 9; // version 9
  test::write_file(file_of(dirs[0]), bytes);
  operator_state_backend b{0, 1};
  auto r = b.restore(dirs);
  BOOST_REQUIRE(!r.ok());
  BOOST_TEST(r.err().code() == state::errc::snapshot_version);
  BOOST_TEST(r.err().message().find("version 9") != std::string::npos);
  bytes[0] = 'X';
  test::write_file(file_of(dirs[0]), bytes);
  auto foreign = b.restore(dirs);
  BOOST_REQUIRE(!foreign.ok());
  BOOST_TEST(foreign.err().message().find("not a Weir operator-state snapshot")
             != std::string::npos);
}

BOOST_AUTO_TEST_CASE(an_element_that_does_not_decode_as_the_declared_type_is_an_error) {
  test::temp_dir dir;
  {
    operator_state_backend b;
    require(b.get_list_state(list_state_descriptor<std::string>{"words"}))->add("hello");
    (void)require(b.snapshot_sync(dir.path() / "snap").run());
  }
  operator_state_backend b;
  require(b.restore({dir.path() / "snap"}));
  auto r = b.get_list_state(list_state_descriptor<double>{"words"});
  BOOST_REQUIRE(!r.ok());
  BOOST_TEST(r.err().code() == state::errc::decode_failed);
  BOOST_TEST(r.err().message().find("'words'") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
