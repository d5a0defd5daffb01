#include <boost/test/unit_test.hpp>

#include <sys/wait.h>

#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "checkpoint_fixture.hpp"
#include "weir/state/snapshot_format.hpp"
#include "weir/test/file_bytes.hpp"

// weir-checkpoint as a user runs it (WEIR_CHECKPOINT_TOOL is the built program): the report on
// stdout, problems on stderr, and the exit status: 0 sound, 1 a missing, unreadable or damaged
// checkpoint, 2 bad flags.

namespace fs = std::filesystem;
using weir::test::checkpoint_fixture;

namespace {

struct run_result {
  int status = -1;
  std::string out;
  std::string err;
};

/// Runs weir-checkpoint with `args` (shell words, quoted by the caller).
run_result run(const std::string& args) {
  weir::test::temp_dir io;
  const auto out = io.path() / "out", err = io.path() / "err";
  const std::string command = std::string{"'"} + WEIR_CHECKPOINT_TOOL + "' " + args + " >'"
                              + out.string() + "' 2>'" + err.string() + "'";
  int raw = std::system(command.c_str());
  run_result r;
  r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  r.out = weir::test::read_file(out);
  r.err = weir::test::read_file(err);
  return r;
}

std::string quoted(const fs::path& p) {
  return "'" + p.string() + "'";
}

bool contains(const std::string& text, const std::string& what) {
  return text.find(what) != std::string::npos;
}

} // namespace

BOOST_AUTO_TEST_SUITE(weir_checkpoint_cli_test)

BOOST_AUTO_TEST_CASE(inspect_prints_the_report_and_exits_0) {
  checkpoint_fixture f;
  auto r = run("inspect " + quoted(f.chk));
  BOOST_TEST(r.status == 0);
  BOOST_TEST(r.err.empty());
  BOOST_TEST(contains(r.out, "job:        word count (id 9f1c0e)"));
  BOOST_TEST(contains(r.out, "operator source-1 \"Source: lines\""));
  BOOST_TEST(contains(r.out, "seen: map state of "));
}

BOOST_AUTO_TEST_CASE(inspect_json_prints_one_json_object) {
  checkpoint_fixture f;
  auto r = run("inspect --json " + quoted(f.chk / "_metadata"));
  BOOST_TEST(r.status == 0);
  auto j = nlohmann::json::parse(r.out);
  BOOST_TEST(j["operators"].size() == 2u);
  BOOST_TEST(j["problems"].empty());
}

BOOST_AUTO_TEST_CASE(damaged_part_is_reported_on_stderr_with_exit_1) {
  checkpoint_fixture f;
  auto file = f.chk / "counter/0/keyed" / std::string{weir::state::snapshot_format::file_name};
  auto bytes = weir::test::read_file(file);
  weir::test::write_file(file, bytes.substr(0, bytes.size() - 3));
  auto r = run("inspect " + quoted(f.chk));
  BOOST_TEST(r.status == 1);
  BOOST_TEST(contains(r.out, "PROBLEM: snapshot_truncated: snapshot file " + file.string()));
  BOOST_TEST(contains(r.out, "operator source-1")); // the rest is still reported
  BOOST_TEST(contains(r.err, "weir-checkpoint: 1 damaged part in"));
  BOOST_TEST(contains(r.err, file.string()));

  auto j = run("inspect --json " + quoted(f.chk));
  BOOST_TEST(j.status == 1);
  BOOST_TEST(nlohmann::json::parse(j.out)["problems"].size() == 1u);
}

BOOST_AUTO_TEST_CASE(missing_checkpoint_names_the_path_with_exit_1) {
  weir::test::temp_dir dir;
  auto r = run("inspect " + quoted(dir.path() / "chk-7"));
  BOOST_TEST(r.status == 1);
  BOOST_TEST(r.out.empty());
  BOOST_TEST(contains(r.err, (dir.path() / "chk-7").string() + " does not exist: pass a chk-<n> "
                             "or savepoint directory that contains _metadata"));
}

BOOST_AUTO_TEST_CASE(corrupt_manifest_names_the_file_with_exit_1) {
  checkpoint_fixture f;
  weir::test::write_file(f.chk / "_metadata", "");
  auto r = run("inspect " + quoted(f.chk));
  BOOST_TEST(r.status == 1);
  BOOST_TEST(contains(r.err, (f.chk / "_metadata").string() + " is empty or not valid JSON"));
}

BOOST_AUTO_TEST_CASE(bad_flags_exit_2) {
  BOOST_TEST(run("").status == 2);
  BOOST_TEST(run("inspect").status == 2);
  BOOST_TEST(run("inspect --jsn /tmp").status == 2);
  BOOST_TEST(run("restore /tmp").status == 2);
  BOOST_TEST(run("--help").status == 0);
}

BOOST_AUTO_TEST_SUITE_END()
