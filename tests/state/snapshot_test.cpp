#include <boost/test/unit_test.hpp>

#include <sys/stat.h>

#include <fstream>
#include <string>
#include <thread>

#include "backend_fixture.hpp"
#include "weir/test/file_bytes.hpp"
#include "weir/state/snapshot_format.hpp"

// Snapshots on both backends: the synchronous/asynchronous split, restoring only owned key
// groups, and clear errors for missing, truncated, corrupt or foreign-version files.

using namespace weir;
using weir::test::require;

BOOST_TEST_DONT_PRINT_LOG_VALUE(weir::state::errc)

namespace {

std::filesystem::path snapshot_file(const std::filesystem::path& dir) {
  return dir / state::snapshot_format::file_name;
}

template <class Backend>
std::filesystem::path write_snapshot(test::backend_factory<Backend>& f, int keys) {
  auto b = f.make();
  auto* s = require(b->get_state(value_state_descriptor<int>{"v"}));
  for (int k = 0; k < keys; ++k) {
    require(b->set_current_key(k));
    s->update(k);
  }
  auto dir = f.dir.path() / "snap";
  (void)require(b->snapshot_sync(dir).run());
  return dir;
}

} // namespace

BOOST_AUTO_TEST_SUITE(snapshot_test)

BOOST_AUTO_TEST_CASE_TEMPLATE(writes_after_the_sync_part_are_not_in_the_snapshot, Backend,
                              test::backends) {
  test::backend_factory<Backend> f;
  auto b = f.make();
  auto* v = require(b->get_state(value_state_descriptor<int>{"v"}));
  auto* m = require(b->get_state(map_state_descriptor<int, int>{"m"}));
  for (int k = 0; k < 100; ++k) {
    require(b->set_current_key(k));
    v->update(k);
    m->put(k, k);
  }
  auto job = b->snapshot_sync(f.dir.path() / "snap");
  // The task keeps writing while the job runs on another thread.
  state::result<state::keyed_state_snapshot> written{state::error{}};
  std::thread async{[&] { written = job.run(); }};
  for (int k = 0; k < 100; ++k) {
    require(b->set_current_key(k));
    v->update(-1);
    m->put(k, -1);
    m->put(1000 + k, 0);
  }
  async.join();
  BOOST_REQUIRE(written.ok());
  BOOST_TEST(written->entries == 200u);

  auto restored = f.make();
  require(restored->restore({f.dir.path() / "snap"}));
  auto* rv = require(restored->get_state(value_state_descriptor<int>{"v"}));
  auto* rm = require(restored->get_state(map_state_descriptor<int, int>{"m"}));
  for (int k = 0; k < 100; ++k) {
    require(restored->set_current_key(k));
    BOOST_TEST(*rv->value() == k);
    BOOST_TEST((rm->entries() == std::vector<std::pair<int, int>>{{k, k}}));
  }
}

BOOST_AUTO_TEST_CASE_TEMPLATE(restores_only_owned_key_groups, Backend, test::backends) {
  test::backend_factory<Backend> f;
  auto dir = write_snapshot(f, 200);
  auto half = f.make({0, 63});
  require(half->restore({dir}));
  auto snap = require(half->snapshot_sync(f.dir.path() / "half").run());
  int owned = 0;
  for (int k = 0; k < 200; ++k)
    owned += flow::assign_to_key_group(key_hash<int>{}(k), 128).value <= 63 ? 1 : 0;
  BOOST_TEST(snap.entries == static_cast<std::uint64_t>(owned));
  BOOST_TEST(snap.key_groups.last == 63u);
}

BOOST_AUTO_TEST_CASE_TEMPLATE(carries_restored_states_nobody_declared_yet, Backend,
                              test::backends) {
  test::backend_factory<Backend> f;
  auto dir = write_snapshot(f, 10);
  auto b = f.make();
  require(b->restore({dir}));
  auto again = require(b->snapshot_sync(f.dir.path() / "again").run());
  BOOST_TEST(again.entries == 10u);
  auto c = f.make();
  require(c->restore({f.dir.path() / "again"}));
  auto* v = require(c->get_state(value_state_descriptor<int>{"v"}));
  require(c->set_current_key(3));
  BOOST_TEST(*v->value() == 3);
}

BOOST_AUTO_TEST_CASE_TEMPLATE(declaring_a_restored_state_as_another_kind_is_an_error, Backend,
                              test::backends) {
  test::backend_factory<Backend> f;
  auto dir = write_snapshot(f, 10);
  auto b = f.make();
  require(b->restore({dir}));
  auto r = b->get_state(list_state_descriptor<int>{"v"});
  BOOST_REQUIRE(!r.ok());
  BOOST_TEST(r.err().code() == state::errc::incompatible_snapshot);
  BOOST_TEST(r.err().message().find("'v'") != std::string::npos);
  BOOST_TEST(r.err().message().find(snapshot_file(dir).string()) != std::string::npos);
}

BOOST_AUTO_TEST_CASE_TEMPLATE(a_missing_snapshot_is_an_error_naming_the_file, Backend,
                              test::backends) {
  test::backend_factory<Backend> f;
  auto b = f.make();
  auto r = b->restore({f.dir.path() / "nowhere"});
  BOOST_REQUIRE(!r.ok());
  BOOST_TEST(r.err().code() == state::errc::snapshot_missing);
  BOOST_TEST(r.err().message().find(snapshot_file(f.dir.path() / "nowhere").string())
             != std::string::npos);
}

BOOST_AUTO_TEST_CASE_TEMPLATE(a_truncated_snapshot_is_an_error_at_every_cut, Backend,
                              test::backends) {
  test::backend_factory<Backend> f;
  auto dir = write_snapshot(f, 20);
  auto file = snapshot_file(dir);
  auto bytes = test::read_file(file);
  auto b = f.make();
  for (std::size_t cut = 0; cut < bytes.size(); cut += 7) {
    test::write_file(file, bytes.substr(0, cut));
    auto r = b->restore({dir});
    BOOST_REQUIRE_MESSAGE(!r.ok(), "cut at " << cut << " restored");
    BOOST_TEST((r.err().code() == state::errc::snapshot_truncated
                || r.err().code() == state::errc::snapshot_version));
    BOOST_TEST(r.err().message().find(file.string()) != std::string::npos);
  }
}

BOOST_AUTO_TEST_CASE_TEMPLATE(a_flipped_byte_fails_the_checksum, Backend, test::backends) {
  test::backend_factory<Backend> f;
  auto dir = write_snapshot(f, 20);
  auto file = snapshot_file(dir);
  auto bytes = test::read_file(file);
  auto at = state::snapshot_format::magic.size() + 4 + 8; // first byte of the header payload
  bytes[at] = static_cast<char>(bytes[at] ^ 0x40);
  test::write_file(file, bytes);
  auto b = f.make();
  auto r = b->restore({dir});
  BOOST_REQUIRE(!r.ok());
  BOOST_TEST(r.err().code() == state::errc::snapshot_corrupt);
  BOOST_TEST(r.err().message().find(file.string()) != std::string::npos);
}

BOOST_AUTO_TEST_CASE_TEMPLATE(another_format_version_is_an_error_naming_both_versions, Backend,
                              test::backends) {
  test::backend_factory<Backend> f;
  auto dir = write_snapshot(f, 5);
  auto file = snapshot_file(dir);
  auto bytes = test::read_file(file);
  bytes[8] = 9; // the version follows the 8-byte magic
  test::write_file(file, bytes);
  auto b = f.make();
  auto r = b->restore({dir});
  BOOST_REQUIRE(!r.ok());
  BOOST_TEST(r.err().code() == state::errc::snapshot_version);
  BOOST_TEST(r.err().message().find("version 9") != std::string::npos);
  BOOST_TEST(r.err().message().find(file.string()) != std::string::npos);
}

BOOST_AUTO_TEST_CASE_TEMPLATE(another_max_parallelism_is_an_error, Backend, test::backends) {
  test::backend_factory<Backend> f;
  auto dir = write_snapshot(f, 5);
  auto b = f.make({0, 255}, 256);
  auto r = b->restore({dir});
  BOOST_REQUIRE(!r.ok());
  BOOST_TEST(r.err().code() == state::errc::invalid_configuration);
}

BOOST_AUTO_TEST_CASE_TEMPLATE(a_state_restored_under_another_type_names_both_types_and_the_file,
                              Backend, test::backends) {
  test::backend_factory<Backend> f;
  auto dir = write_snapshot(f, 10); // value_state<int> "v"
  auto b = f.make();
  require(b->restore({dir}));
  auto r = b->get_state(value_state_descriptor<std::string>{"v"});
  BOOST_REQUIRE(!r.ok());
  const auto& m = r.err().message();
  BOOST_TEST(r.err().code() == state::errc::incompatible_snapshot);
  BOOST_TEST(m.find("'v'") != std::string::npos);
  BOOST_TEST(m.find("value state of int") != std::string::npos);
  BOOST_TEST(m.find("value state of std::string") != std::string::npos);
  BOOST_TEST(m.find(snapshot_file(dir).string()) != std::string::npos);
  // declared as written, it restores
  auto* v = require(b->get_state(value_state_descriptor<int>{"v"}));
  require(b->set_current_key(3));
  BOOST_TEST(*v->value() == 3);
}

BOOST_AUTO_TEST_CASE_TEMPLATE(restoring_into_a_state_declared_under_another_type_fails, Backend,
                              test::backends) {
  test::backend_factory<Backend> f;
  auto dir = write_snapshot(f, 10);
  auto b = f.make();
  (void)require(b->get_state(value_state_descriptor<long>{"v"}));
  auto r = b->restore({dir});
  BOOST_REQUIRE(!r.ok());
  BOOST_TEST(r.err().code() == state::errc::incompatible_snapshot);
  BOOST_TEST(r.err().message().find("value state of long") != std::string::npos);
  BOOST_TEST(r.err().message().find("value state of int") != std::string::npos);
  BOOST_TEST(r.err().message().find(snapshot_file(dir).string()) != std::string::npos);
}

BOOST_AUTO_TEST_CASE_TEMPLATE(declaring_one_name_with_two_types_names_both_types, Backend,
                              test::backends) {
  test::backend_factory<Backend> f;
  auto b = f.make();
  (void)require(b->get_state(map_state_descriptor<std::string, double>{"m"}));
  auto r = b->get_state(map_state_descriptor<std::string, float>{"m"});
  BOOST_REQUIRE(!r.ok());
  BOOST_TEST(r.err().code() == state::errc::incompatible_state);
  BOOST_TEST(r.err().message().find("map state of std::string -> double") != std::string::npos);
  BOOST_TEST(r.err().message().find("map state of std::string -> float") != std::string::npos);
}

BOOST_AUTO_TEST_CASE_TEMPLATE(bytes_after_the_last_block_are_an_error_naming_the_file, Backend,
                              test::backends) {
  test::backend_factory<Backend> f;
  auto dir = write_snapshot(f, 5);
  auto file = snapshot_file(dir);
  test::write_file(file, test::read_file(file) + "junk");
  auto b = f.make();
  auto r = b->restore({dir});
  BOOST_REQUIRE(!r.ok());
  BOOST_TEST(r.err().code() == state::errc::snapshot_corrupt);
  BOOST_TEST(r.err().message().find("4 bytes follow") != std::string::npos);
  BOOST_TEST(r.err().message().find(file.string()) != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_directory_at_the_snapshot_path_is_reported_as_a_directory) {
  test::backend_factory<test::heap_backend> f;
  auto dir = f.dir.path() / "snap";
  std::filesystem::create_directories(snapshot_file(dir));
  auto r = f.make()->restore({dir});
  BOOST_REQUIRE(!r.ok());
  BOOST_TEST(r.err().message().find(snapshot_file(dir).string()
                                    + " is a directory, not a snapshot file")
             != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_fifo_at_the_snapshot_path_is_reported_without_blocking) {
  test::backend_factory<test::heap_backend> f;
  auto dir = f.dir.path() / "snap";
  std::filesystem::create_directories(dir);
  BOOST_REQUIRE(::mkfifo(snapshot_file(dir).c_str(), 0600) == 0);
  auto r = f.make()->restore({dir}); // opening the FIFO would block here forever
  BOOST_REQUIRE(!r.ok());
  BOOST_TEST(r.err().message().find("is a FIFO, not a snapshot file") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_snapshot_file_passed_for_its_directory_says_so) {
  test::backend_factory<test::heap_backend> f;
  auto dir = write_snapshot(f, 5);
  auto r = f.make()->restore({snapshot_file(dir)});
  BOOST_REQUIRE(!r.ok());
  BOOST_TEST(r.err().code() == state::errc::snapshot_missing);
  BOOST_TEST(r.err().message().find("is a file, not a snapshot directory") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(an_unreadable_snapshot_file_carries_the_os_reason) {
  // A symlink loop fails with ELOOP for root too (permissions would not).
  test::backend_factory<test::heap_backend> f;
  auto dir = f.dir.path() / "snap";
  std::filesystem::create_directories(dir);
  std::filesystem::create_symlink(snapshot_file(dir), snapshot_file(dir));
  auto r = f.make()->restore({dir});
  BOOST_REQUIRE(!r.ok());
  BOOST_TEST(r.err().code() == state::errc::io_error);
  BOOST_TEST(r.err().message().find("Too many levels of symbolic links") != std::string::npos);
  BOOST_TEST(r.err().message().find(snapshot_file(dir).string()) != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_version_1_snapshot_is_rejected_with_the_reason) {
  test::backend_factory<test::heap_backend> f;
  auto dir = write_snapshot(f, 5);
  auto file = snapshot_file(dir);
  auto bytes = test::read_file(file);
  bytes[8] = 1;
  test::write_file(file, bytes);
  auto r = f.make()->restore({dir});
  BOOST_REQUIRE(!r.ok());
  BOOST_TEST(r.err().code() == state::errc::snapshot_version);
  BOOST_TEST(r.err().message().find("version 1 did not record state types")
             != std::string::npos);
}

BOOST_AUTO_TEST_CASE(rocksdb_backend_removes_its_directory_when_destroyed) {
  test::backend_factory<test::rocksdb_backend> f;
  auto b = f.make();
  auto path = static_cast<state::rocksdb_keyed_state_backend&>(*b).path();
  BOOST_TEST(std::filesystem::exists(path));
  BOOST_TEST(path.parent_path().parent_path() == f.dir.path() / "db"); // in the process dir
  b.reset();
  BOOST_TEST(!std::filesystem::exists(path));
}

BOOST_AUTO_TEST_CASE(rejects_an_invalid_key_group_range) {
  auto r = state::make_keyed_state_backend(state::backend_kind::heap,
                                           state::keyed_state_backend_config{{0, 200}, 128, {}});
  BOOST_REQUIRE(!r.ok());
  BOOST_TEST(r.err().code() == state::errc::invalid_configuration);
}

BOOST_AUTO_TEST_SUITE_END()
