#include <boost/test/unit_test.hpp>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>
#include <variant>

#include "checkpoint/checkpoint_inspection.hpp"
#include "checkpoint/json_report.hpp"
#include "checkpoint/text_report.hpp"
#include "checkpoint_fixture.hpp"
#include "weir/state/operator_snapshot_format.hpp"
#include "weir/state/snapshot_format.hpp"
#include "weir/test/file_bytes.hpp"

// What weir-checkpoint inspect finds in a checkpoint written by the state layer (see
// checkpoint_fixture.hpp for its shape): every operator, subtask, part and state with its
// counts, and a damaged or mismatched part reported by file without hiding the others.

namespace fs = std::filesystem;
using namespace weir::checkpoint_tool;
using weir::test::checkpoint_fixture;

namespace {

const auto keyed_file = std::string{weir::state::snapshot_format::file_name};
const auto operator_file = std::string{weir::state::operator_snapshot_format::file_name};

checkpoint_inspection inspect_ok(const fs::path& p) {
  auto r = inspect_checkpoint(p);
  if (auto* e = std::get_if<weir::error>(&r))
    BOOST_FAIL("inspect_checkpoint(" << p << ") failed: " << e->to_string());
  return std::get<checkpoint_inspection>(std::move(r));
}

const part_summary& part_of(const checkpoint_inspection& in, const std::string& op, int subtask,
                            part_kind kind) {
  for (const auto& o : in.operators)
    if (o.id == op)
      for (const auto& s : o.subtasks)
        if (s.manifest.subtask == subtask)
          for (const auto& p : s.parts)
            if (p.kind == kind)
              return p;
  throw std::runtime_error("no " + std::string{to_string(kind)} + " part of " + op + "/"
                           + std::to_string(subtask));
}

const state_summary& state_of(const part_summary& p, const std::string& name) {
  for (const auto& s : p.states)
    if (s.name == name)
      return s;
  throw std::runtime_error("no state " + name + " in " + p.path);
}

bool contains(const std::string& text, const std::string& what) {
  return text.find(what) != std::string::npos;
}

} // namespace

BOOST_AUTO_TEST_SUITE(checkpoint_inspection_test)

BOOST_AUTO_TEST_CASE(reports_every_operator_subtask_part_and_state) {
  checkpoint_fixture f;
  auto in = inspect_ok(f.chk);
  BOOST_TEST(in.problems().empty());
  BOOST_TEST((in.meta == f.meta));
  BOOST_TEST(in.directory == f.chk);
  BOOST_TEST_REQUIRE(in.operators.size() == 2u);
  BOOST_TEST(in.operators[0].id == "source-1");
  BOOST_TEST(in.operators[1].subtasks.size() == 2u);

  for (int i = 0; i < 2; ++i) {
    BOOST_TEST_CONTEXT("counter subtask " << i) {
      const auto& keyed = part_of(in, "counter", i, part_kind::keyed);
      BOOST_TEST(keyed.file == f.file("counter/" + std::to_string(i) + "/keyed", keyed_file.c_str()));
      BOOST_TEST(keyed.file_bytes == fs::file_size(keyed.file));
      BOOST_TEST((*keyed.key_groups
                  == weir::flow::key_group_range_for_operator(128, 2, i)));
      BOOST_TEST(*keyed.max_parallelism == 128);
      const auto& count = state_of(keyed, "count");
      BOOST_TEST(count.kind == "value");
      BOOST_TEST(count.type == "long");
      BOOST_TEST(!count.ttl);
      BOOST_TEST(count.entries == static_cast<std::uint64_t>(f.owned[i]));
      BOOST_TEST(count.bytes > 0u);
      const auto& seen = state_of(keyed, "seen");
      BOOST_TEST(seen.kind == "map");
      BOOST_TEST(seen.entries == static_cast<std::uint64_t>(f.owned[i]));
    }
  }
  BOOST_TEST(f.owned[0] + f.owned[1] == checkpoint_fixture::keys);

  const auto& timers = state_of(part_of(in, "counter", 0, part_kind::extras), "timers");
  BOOST_TEST(timers.kind == "list");
  BOOST_TEST(timers.entries >= static_cast<std::uint64_t>(f.owned[0]));

  const auto& op = part_of(in, "source-1", 0, part_kind::operator_state);
  BOOST_TEST(op.file.filename() == operator_file);
  BOOST_TEST(!op.key_groups.has_value());
  const auto& offsets = state_of(op, "offsets");
  BOOST_TEST(offsets.kind == "split-distribute list");
  BOOST_TEST(offsets.entries == 3u);
  BOOST_TEST(state_of(op, "splits").kind == "union list");
  BOOST_TEST(state_of(op, "splits").bytes > 0u);
}

BOOST_AUTO_TEST_CASE(reads_the_manifest_file_as_well_as_the_directory) {
  checkpoint_fixture f;
  auto in = inspect_ok(f.chk / "_metadata");
  BOOST_TEST(in.directory == f.chk);
  BOOST_TEST(in.problems().empty());
}

BOOST_AUTO_TEST_CASE(total_size_counts_every_file_in_the_directory) {
  checkpoint_fixture f;
  std::uint64_t bytes = 0, files = 0;
  for (const auto& e : fs::recursive_directory_iterator(f.chk))
    if (e.is_regular_file()) {
      bytes += e.file_size();
      ++files;
    }
  auto in = inspect_ok(f.chk);
  BOOST_TEST(in.total_bytes == bytes);
  BOOST_TEST(in.files == files);
  BOOST_TEST(in.files == 5u); // _metadata, three keyed-format files, one operator-state file
}

BOOST_AUTO_TEST_CASE(corrupt_part_is_a_problem_naming_its_file_and_the_rest_is_reported) {
  checkpoint_fixture f;
  auto file = f.file("counter/1/keyed", keyed_file.c_str());
  auto bytes = weir::test::read_file(file);
  bytes[bytes.size() - 6] = static_cast<char>(bytes[bytes.size() - 6] ^ 0x40);
  weir::test::write_file(file, bytes);

  auto in = inspect_ok(f.chk);
  auto problems = in.problems();
  BOOST_TEST_REQUIRE(problems.size() == 1u);
  BOOST_TEST(contains(problems[0], file.string()));
  BOOST_TEST(contains(problems[0], "snapshot_corrupt"));
  BOOST_TEST(!part_of(in, "counter", 0, part_kind::keyed).problem.has_value());
  BOOST_TEST(state_of(part_of(in, "source-1", 0, part_kind::operator_state), "offsets").entries
             == 3u);
}

BOOST_AUTO_TEST_CASE(missing_and_truncated_parts_are_problems) {
  checkpoint_fixture f;
  fs::remove_all(f.chk / "counter/0/extras");
  auto op_file = f.file("source-1/0/operator", operator_file.c_str());
  auto bytes = weir::test::read_file(op_file);
  weir::test::write_file(op_file, bytes.substr(0, bytes.size() / 2));

  auto in = inspect_ok(f.chk);
  auto problems = in.problems();
  BOOST_TEST_REQUIRE(problems.size() == 2u);
  BOOST_TEST(contains(problems[0], (f.chk / "source-1/0/operator").string()));
  BOOST_TEST(contains(problems[0], "truncated"));
  BOOST_TEST(contains(problems[1], (f.chk / "counter/0/extras").string()));
  BOOST_TEST(contains(problems[1], "does not exist"));
}

BOOST_AUTO_TEST_CASE(part_of_another_subtask_is_a_problem) {
  checkpoint_fixture f;
  auto meta = f.meta;
  std::swap(meta.operators[1].subtasks[0].keyed, meta.operators[1].subtasks[1].keyed);
  BOOST_TEST_REQUIRE(!weir::checkpoint::write_metadata(meta, f.chk).has_value());

  auto in = inspect_ok(f.chk);
  auto problems = in.problems();
  BOOST_TEST_REQUIRE(problems.size() == 2u);
  BOOST_TEST(contains(problems[0], "covers key groups 64..127 but the manifest gives subtask 0"));
}

BOOST_AUTO_TEST_CASE(unreadable_manifest_is_the_error) {
  checkpoint_fixture f;
  weir::test::write_file(f.chk / "_metadata", "{\"format\": \"weir-checkpoint-metadata\", ");
  auto r = inspect_checkpoint(f.chk);
  BOOST_TEST_REQUIRE(std::holds_alternative<weir::error>(r));
  BOOST_TEST(contains(std::get<weir::error>(r).message(), "truncated or not valid JSON"));
}

BOOST_AUTO_TEST_CASE(text_report_names_job_operators_parts_and_states) {
  checkpoint_fixture f;
  auto text = text_report(inspect_ok(f.chk));
  BOOST_TEST_MESSAGE(text);
  BOOST_TEST(contains(text, "checkpoint " + f.chk.string() + "\n"));
  BOOST_TEST(contains(text, "job:        word count (id 9f1c0e)"));
  BOOST_TEST(contains(text, "checkpoint: 3 (checkpoint)"));
  BOOST_TEST(contains(text, "time:       2023-11-14T22:13:20.123Z"));
  BOOST_TEST(contains(text, "operator counter \"Keyed Aggregation\": parallelism 2, max "
                            "parallelism 128"));
  BOOST_TEST(contains(text, "  subtask 1: key groups 64..127, "));
  BOOST_TEST(contains(text, "    keyed counter/0/keyed: keyed-state.snapshot "));
  BOOST_TEST(contains(text, "      count: value state of long without TTL, "
                              + std::to_string(f.owned[0]) + " entries, "));
  BOOST_TEST(contains(text, "      offsets: split-distribute list, 3 entries, "));
  BOOST_TEST(contains(text, "  subtask 0: no keyed state, "));
  BOOST_TEST(!contains(text, "PROBLEM"));
}

BOOST_AUTO_TEST_CASE(json_report_holds_the_same_as_the_text) {
  checkpoint_fixture f;
  fs::remove_all(f.chk / "counter/0/extras");
  auto in = inspect_ok(f.chk);
  auto j = nlohmann::json::parse(json_report(in));
  BOOST_TEST(j["job_name"] == "word count");
  BOOST_TEST(j["checkpoint_id"] == 3);
  BOOST_TEST(j["savepoint"] == false);
  BOOST_TEST(j["total_bytes"] == in.total_bytes);
  BOOST_TEST(j["state_bytes"] == f.meta.total_bytes());
  const auto& counter = j["operators"][1];
  BOOST_TEST(counter["id"] == "counter");
  BOOST_TEST(counter["max_parallelism"] == 128);
  const auto& keyed = counter["subtasks"][1]["parts"][0];
  BOOST_TEST(keyed["part"] == "keyed");
  BOOST_TEST(keyed["key_groups"]["first"] == 64);
  BOOST_TEST(keyed["states"][0]["name"] == "count");
  BOOST_TEST(keyed["states"][0]["type"] == "long");
  BOOST_TEST(keyed["states"][0]["entries"] == f.owned[1]);
  BOOST_TEST(!keyed.contains("problem"));
  const auto& extras = counter["subtasks"][0]["parts"][1];
  BOOST_TEST(extras["part"] == "extras");
  BOOST_TEST(contains(extras["problem"].get<std::string>(), "does not exist"));
  BOOST_TEST(j["problems"].size() == 1u);
  const auto& op = j["operators"][0]["subtasks"][0]["parts"][0];
  BOOST_TEST(op["states"][0]["kind"] == "split-distribute list");
  BOOST_TEST(!op["states"][0].contains("type"));
}

BOOST_AUTO_TEST_SUITE_END()
