#include <boost/test/unit_test.hpp>

#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <string>

#include "backend_fixture.hpp"
#include "weir/state/process_directory.hpp"
#include "weir/state/rocksdb_keyed_state_backend.hpp"

// RocksDB instances live in a directory per process, locked while it lives, so that the
// instances of a process killed with SIGKILL are reclaimed by the next backend created under
// the same state directory, and those of a live process never are. The other processes are
// real: forked children that create a RocksDB backend and wait to be killed.

using namespace weir;

BOOST_TEST_DONT_PRINT_LOG_VALUE(weir::state::errc)

namespace {

state::keyed_state_backend_config config() { return {{0, 127}, 128, {}}; }

state::rocksdb_backend_options options(const std::filesystem::path& state_dir) {
  state::rocksdb_backend_options o;
  o.directory = state_dir;
  o.block_cache_bytes = 1 << 20;
  o.write_buffer_bytes = 1 << 20;
  return o;
}

/// A child process holding a RocksDB backend under a state directory until it is killed.
class child_with_backend {
public:
  explicit child_with_backend(const std::filesystem::path& state_dir) {
    int fds[2];
    BOOST_REQUIRE(::pipe(fds) == 0);
    pid_ = ::fork();
    BOOST_REQUIRE(pid_ >= 0);
    if (pid_ == 0) {
      ::close(fds[0]);
      auto b = state::make_keyed_state_backend(state::backend_kind::rocksdb, config(),
                                               options(state_dir));
      std::string msg = b ? static_cast<state::rocksdb_keyed_state_backend&>(**b).path().string()
                          : "error: " + b.err().to_string();
      msg += '\n';
      (void)!::write(fds[1], msg.data(), msg.size());
      for (;;)
        ::pause(); // until SIGKILL; never returns into the test runner
    }
    ::close(fds[1]);
    // The child's answer, within 20 s.
    pollfd p{fds[0], POLLIN, 0};
    std::string line;
    char c = 0;
    while (::poll(&p, 1, 20'000) == 1 && ::read(fds[0], &c, 1) == 1 && c != '\n')
      line += c;
    ::close(fds[0]);
    BOOST_REQUIRE_MESSAGE(line.rfind('/', 0) == 0, "child failed: '" << line << "'");
    instance_ = line;
  }

  ~child_with_backend() { kill(); }
  child_with_backend(const child_with_backend&) = delete;
  child_with_backend& operator=(const child_with_backend&) = delete;

  void kill() {
    if (pid_ <= 0)
      return;
    ::kill(pid_, SIGKILL);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
  }

  /// The child's process directory (the parent of its instance's directory).
  [[nodiscard]] std::filesystem::path process_dir() const { return instance_.parent_path(); }

private:
  pid_t pid_ = -1;
  std::filesystem::path instance_;
};

std::unique_ptr<state::keyed_state_backend> make_backend(const std::filesystem::path& state_dir) {
  auto b = state::make_keyed_state_backend(state::backend_kind::rocksdb, config(),
                                           options(state_dir));
  if (!b)
    throw std::runtime_error(b.err().to_string());
  return std::move(*b);
}

} // namespace

BOOST_AUTO_TEST_SUITE(process_directory_test)

BOOST_AUTO_TEST_CASE(instances_live_in_a_locked_directory_named_for_the_process) {
  test::temp_dir dir;
  auto b = make_backend(dir.path());
  auto instance = static_cast<state::rocksdb_keyed_state_backend&>(*b).path();
  auto process_dir = instance.parent_path();
  BOOST_TEST(process_dir.parent_path() == dir.path());
  BOOST_TEST(process_dir.filename().string().rfind("weir-" + std::to_string(::getpid()) + "-", 0)
             == 0u);
  BOOST_TEST(std::filesystem::exists(process_dir / state::process_directory::lock_file));
  auto again = make_backend(dir.path());
  BOOST_TEST(static_cast<state::rocksdb_keyed_state_backend&>(*again).path().parent_path()
             == process_dir);
}

BOOST_AUTO_TEST_CASE(the_process_directory_goes_with_its_last_instance) {
  test::temp_dir dir;
  auto a = make_backend(dir.path());
  auto b = make_backend(dir.path());
  auto process_dir = static_cast<state::rocksdb_keyed_state_backend&>(*a).path().parent_path();
  a.reset();
  BOOST_TEST(std::filesystem::exists(process_dir / state::process_directory::lock_file));
  b.reset();
  BOOST_TEST(!std::filesystem::exists(process_dir));
  BOOST_TEST(std::filesystem::is_empty(dir.path()));
}

BOOST_AUTO_TEST_CASE(the_directory_of_a_killed_process_is_reclaimed_and_a_live_one_kept) {
  test::temp_dir dir;
  child_with_backend killed{dir.path()};
  child_with_backend alive{dir.path()};
  BOOST_REQUIRE(killed.process_dir() != alive.process_dir());
  killed.kill();
  // SIGKILL ran no destructor: the dead child's RocksDB directory is still there.
  BOOST_REQUIRE(std::filesystem::exists(killed.process_dir()));

  auto b = make_backend(dir.path());
  BOOST_TEST(!std::filesystem::exists(killed.process_dir()));
  BOOST_TEST(std::filesystem::exists(alive.process_dir()));
  BOOST_TEST(std::filesystem::exists(static_cast<state::rocksdb_keyed_state_backend&>(*b).path()));

  alive.kill();
  auto next = make_backend(dir.path());
  BOOST_TEST(!std::filesystem::exists(alive.process_dir()));
  BOOST_TEST(std::filesystem::exists(static_cast<state::rocksdb_keyed_state_backend&>(*b).path()));
}

BOOST_AUTO_TEST_CASE(directories_without_a_lock_file_are_left_alone) {
  test::temp_dir dir;
  std::filesystem::create_directories(dir.path() / "weir-not-ours");
  std::filesystem::create_directories(dir.path() / "other");
  auto b = make_backend(dir.path());
  BOOST_TEST(std::filesystem::exists(dir.path() / "weir-not-ours"));
  BOOST_TEST(std::filesystem::exists(dir.path() / "other"));
}

BOOST_AUTO_TEST_CASE(an_unwritable_state_directory_names_the_setting) {
  test::temp_dir dir;
  auto file = dir.path() / "a-file";
  std::ofstream{file} << "x";
  auto b = state::make_keyed_state_backend(state::backend_kind::rocksdb, config(),
                                           options(file / "state"));
  BOOST_REQUIRE(!b.ok());
  BOOST_TEST(b.err().code() == state::errc::io_error);
  BOOST_TEST(b.err().message().find("environment::set_state_dir") != std::string::npos);
  BOOST_TEST(b.err().message().find((file / "state").string()) != std::string::npos);
  BOOST_TEST(b.err().message().find("Not a directory") != std::string::npos);
  BOOST_TEST(b.err().message().find("rocksdb_backend_options") == std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
