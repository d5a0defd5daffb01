#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <string>
#include <variant>

#include "weir/checkpoint/checkpoint_metadata.hpp"
#include "weir/test/file_bytes.hpp"
#include "weir/test/temp_dir.hpp"

// The `_metadata` manifest: what write_metadata writes, read_metadata reads back, and every way
// a manifest on disk can be missing, cut, damaged or hostile.

namespace fs = std::filesystem;
using namespace weir::checkpoint;
using weir::checkpoint_id;
using weir::errc;
using weir::error;

namespace {

checkpoint_metadata sample() {
  checkpoint_metadata m;
  m.job_id = "9f1c0e";
  m.job_name = "word count";
  m.id = checkpoint_id{3};
  m.savepoint = false;
  m.timestamp_ms = 1'700'000'000'123;
  m.operators.push_back({"source-1", "Source: lines", 1, 128, {}});
  m.operators[0].subtasks.push_back({0, {}, "", "source-1/0/operator", "", "", {}, {}, 90});
  m.operators.push_back({"counter", "Keyed Aggregation", 2, 128, {}});
  m.operators[1].subtasks.push_back({0, {0, 63}, "counter/0/keyed", "", "counter/0/extras", "", {}, {}, 700});
  m.operators[1].subtasks.push_back({1, {64, 127}, "counter/1/keyed", "", "", "", {}, {}, 650});
  return m;
}

/// The manifest read back, or the test fails with the error.
checkpoint_metadata read_ok(const fs::path& p) {
  auto r = read_metadata(p);
  if (auto* e = std::get_if<error>(&r))
    BOOST_FAIL("read_metadata(" << p << ") failed: " << e->to_string());
  return std::get<checkpoint_metadata>(r);
}

/// The error read_metadata returns, or the test fails because it read something.
error read_error(const fs::path& p) {
  auto r = read_metadata(p);
  if (!std::holds_alternative<error>(r))
    BOOST_FAIL("read_metadata(" << p << ") accepted a manifest it should reject");
  return std::get<error>(r);
}

bool mentions(const error& e, const std::string& text) {
  return e.message().find(text) != std::string::npos;
}

void write_ok(const checkpoint_metadata& m, const fs::path& dir) {
  if (auto e = write_metadata(m, dir))
    BOOST_FAIL("write_metadata(" << dir << ") failed: " << e->to_string());
}

/// `text` with the first `from` replaced by `to`; fails the test if `from` is not there.
std::string replaced(std::string text, const std::string& from, const std::string& to) {
  auto at = text.find(from);
  BOOST_REQUIRE_MESSAGE(at != std::string::npos, "'" << from << "' not in the manifest");
  return text.replace(at, from.size(), to);
}

/// Writes sample(), then replaces its text by `edit(text)`; returns the manifest's path.
template <class Edit>
fs::path edited_manifest(const weir::test::temp_dir& dir, Edit edit) {
  write_ok(sample(), dir.path());
  auto file = dir.path() / metadata_file_name;
  weir::test::write_file(file, edit(weir::test::read_file(file)));
  return file;
}

} // namespace

BOOST_AUTO_TEST_SUITE(checkpoint_metadata_test)

BOOST_AUTO_TEST_CASE(round_trips_every_field) {
  weir::test::temp_dir dir;
  auto m = sample();
  m.savepoint = true;
  m.timestamp_ms = -5; // before the epoch: signed on disk too
  m.id = checkpoint_id{18'446'744'073'709'551'615ULL};
  m.operators[1].subtasks[1].bytes = 1ULL << 40;
  write_ok(m, dir.path());
  BOOST_TEST((read_ok(dir.path()) == m));
}

BOOST_AUTO_TEST_CASE(reads_the_directory_or_its_metadata_file) {
  weir::test::temp_dir dir;
  write_ok(sample(), dir.path());
  BOOST_TEST((read_ok(dir.path()) == sample()));
  BOOST_TEST((read_ok(dir.path() / "_metadata") == sample()));
  BOOST_TEST(metadata_path(dir.path()) == dir.path() / "_metadata");
  BOOST_TEST(metadata_path(dir.path() / "_metadata") == dir.path() / "_metadata");
}

BOOST_AUTO_TEST_CASE(writes_readable_json_with_format_version_and_checksum) {
  weir::test::temp_dir dir;
  write_ok(sample(), dir.path());
  auto text = weir::test::read_file(dir.path() / "_metadata");
  BOOST_TEST(text.find("\"format\": \"weir-checkpoint-metadata\"") != std::string::npos);
  BOOST_TEST(text.find("\"version\": 1") != std::string::npos);
  BOOST_TEST(text.find("\"checksum\": \"fnv1a64:") != std::string::npos);
  BOOST_TEST(text.find("\"keyed\": \"counter/0/keyed\"") != std::string::npos);
  BOOST_TEST(text.find('\n') != std::string::npos); // pretty, one field a line
}

BOOST_AUTO_TEST_CASE(creates_the_directory_and_leaves_no_temporary_file) {
  weir::test::temp_dir dir;
  auto chk = dir.path() / "job" / "chk-3";
  write_ok(sample(), chk);
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(chk))
    names.push_back(e.path().filename().string());
  BOOST_TEST(names == std::vector<std::string>{"_metadata"});
}

BOOST_AUTO_TEST_CASE(add_merges_parts_by_operator_and_keeps_subtasks_sorted) {
  checkpoint_metadata m;
  auto part = [](int index, std::string keyed) {
    task_snapshot::part p{"counter", "Keyed Aggregation", 3, 128, {}};
    p.state.subtask = index;
    p.state.key_groups = weir::flow::key_group_range_for_operator(128, 3, index);
    p.state.keyed = std::move(keyed);
    p.state.bytes = 10;
    return p;
  };
  task_snapshot::part source{"source-1", "Source", 1, 1, {}};
  m.add({{part(2, "c/2")}});
  m.add({{source, part(0, "c/0")}});
  m.add({{part(1, "c/1")}});

  BOOST_TEST_REQUIRE(m.operators.size() == 2u);
  BOOST_TEST(m.operators[0].id == "counter"); // in order of first acknowledgement
  BOOST_TEST(m.operators[0].parallelism == 3);
  BOOST_TEST(m.operators[0].name == "Keyed Aggregation");
  BOOST_TEST_REQUIRE(m.operators[0].subtasks.size() == 3u);
  for (int i = 0; i < 3; ++i)
    BOOST_TEST(m.operators[0].subtasks[i].subtask == i);
  BOOST_TEST(m.operators[0].subtasks[1].keyed == "c/1");
  BOOST_TEST(m.operators[1].max_parallelism == 1);
  BOOST_TEST(m.total_bytes() == 30u);
}

BOOST_AUTO_TEST_CASE(add_replaces_a_subtask_acknowledged_twice) {
  checkpoint_metadata m;
  task_snapshot::part p{"counter", "Counter", 2, 128, {}};
  p.state.subtask = 1;
  p.state.keyed = "first";
  m.add({{p}});
  p.state.keyed = "second";
  m.add({{p}});
  BOOST_TEST_REQUIRE(m.operators.size() == 1u);
  BOOST_TEST_REQUIRE(m.operators[0].subtasks.size() == 1u);
  BOOST_TEST(m.operators[0].subtasks[0].keyed == "second");
}

BOOST_AUTO_TEST_CASE(find_returns_the_operator_by_id_or_null) {
  auto m = sample();
  BOOST_TEST_REQUIRE(m.find("counter") != nullptr);
  BOOST_TEST(m.find("counter")->parallelism == 2);
  BOOST_TEST(m.find("Keyed Aggregation") == nullptr); // names do not match, ids do
}

BOOST_AUTO_TEST_CASE(missing_directory_is_missing_input_naming_it) {
  weir::test::temp_dir dir;
  auto e = read_error(dir.path() / "chk-9");
  BOOST_TEST((e.code() == errc::missing_input));
  BOOST_TEST(mentions(e, (dir.path() / "chk-9").string()));
  BOOST_TEST(mentions(e, "does not exist"));
  BOOST_TEST(mentions(e, "contains _metadata"));
}

BOOST_AUTO_TEST_CASE(directory_without_manifest_is_an_incomplete_checkpoint) {
  weir::test::temp_dir dir;
  fs::create_directories(dir.path() / "counter");
  auto e = read_error(dir.path());
  BOOST_TEST((e.code() == errc::missing_input));
  BOOST_TEST(mentions(e, (dir.path() / "_metadata").string()));
  BOOST_TEST(mentions(e, "not completed"));
}

BOOST_AUTO_TEST_CASE(empty_manifest_is_a_state_error_naming_the_file) {
  weir::test::temp_dir dir;
  weir::test::write_file(dir.path() / "_metadata", "");
  auto e = read_error(dir.path());
  BOOST_TEST((e.code() == errc::state_error));
  BOOST_TEST(mentions(e, (dir.path() / "_metadata").string()));
  BOOST_TEST(mentions(e, "empty"));
  BOOST_TEST(mentions(e, "restore from an earlier chk-<n>"));
}

BOOST_AUTO_TEST_CASE(manifest_cut_at_any_length_is_reported_as_truncated) {
  weir::test::temp_dir dir;
  write_ok(sample(), dir.path());
  const auto file = dir.path() / "_metadata";
  const auto whole = weir::test::read_file(file);
  // Up to the closing brace: the trailing newline alone is not content.
  for (std::size_t n = 1; n + 1 < whole.size(); ++n) {
    weir::test::write_file(file, whole.substr(0, n));
    auto e = read_error(dir.path());
    BOOST_TEST_CONTEXT("cut at " << n << " of " << whole.size()) {
      BOOST_TEST((e.code() == errc::state_error));
      BOOST_TEST(mentions(e, "truncated or not valid JSON"));
      BOOST_TEST(mentions(e, file.string()));
    }
  }
}

BOOST_AUTO_TEST_CASE(any_flipped_bit_is_detected) {
  weir::test::temp_dir dir;
  write_ok(sample(), dir.path());
  const auto file = dir.path() / "_metadata";
  const auto whole = weir::test::read_file(file);
  int checksum_failures = 0;
  for (std::size_t i = 0; i < whole.size(); ++i) {
    auto bytes = whole;
    bytes[i] = static_cast<char>(bytes[i] ^ 0x01);
    weir::test::write_file(file, bytes);
    auto r = read_metadata(dir.path());
    BOOST_TEST_CONTEXT("bit 0 of byte " << i << " ('" << whole[i] << "')") {
      BOOST_TEST_REQUIRE(std::holds_alternative<error>(r));
      BOOST_TEST((std::get<error>(r).code() == errc::state_error));
      checksum_failures += mentions(std::get<error>(r), "does not match its checksum");
    }
  }
  // Flips inside values leave valid JSON: only the checksum tells.
  BOOST_TEST(checksum_failures > 0);
}

BOOST_AUTO_TEST_CASE(changed_value_in_valid_json_fails_the_checksum) {
  weir::test::temp_dir dir;
  auto file = edited_manifest(dir, [](std::string t) {
    return replaced(t, "\"bytes\": 700", "\"bytes\": 701");
  });
  auto e = read_error(file);
  BOOST_TEST((e.code() == errc::state_error));
  BOOST_TEST(mentions(e, "does not match its checksum"));
  BOOST_TEST(mentions(e, file.string()));
}

BOOST_AUTO_TEST_CASE(newer_version_is_rejected_naming_both_versions) {
  weir::test::temp_dir dir;
  auto file = edited_manifest(dir, [](std::string t) {
    return replaced(t, "\"version\": 1", "\"version\": 7");
  });
  auto e = read_error(dir.path());
  BOOST_TEST((e.code() == errc::state_error));
  BOOST_TEST(mentions(e, "version 7, newer than this Weir reads (up to 1)"));
  BOOST_TEST(mentions(e, file.string()));
}

BOOST_AUTO_TEST_CASE(other_json_is_not_taken_for_a_manifest) {
  weir::test::temp_dir dir;
  weir::test::write_file(dir.path() / "_metadata", "{\"version\": 1}\n");
  auto e = read_error(dir.path());
  BOOST_TEST((e.code() == errc::state_error));
  BOOST_TEST(mentions(e, "not a Weir checkpoint manifest"));
}

BOOST_AUTO_TEST_CASE(missing_field_is_named_by_its_path) {
  weir::test::temp_dir dir;
  edited_manifest(dir, [](std::string t) {
    return replaced(t, "\"job_name\": \"word count\",", "");
  });
  auto e = read_error(dir.path());
  BOOST_TEST((e.code() == errc::state_error));
  BOOST_TEST(mentions(e, "field 'job_name' is missing"));

  edited_manifest(dir, [](std::string t) {
    return replaced(t, "\"keyed\": \"counter/1/keyed\",", "");
  });
  BOOST_TEST(mentions(read_error(dir.path()), "field 'operators[1].subtasks[1].keyed' is missing"));
}

BOOST_AUTO_TEST_CASE(field_of_the_wrong_type_is_named_by_its_path) {
  weir::test::temp_dir dir;
  edited_manifest(dir, [](std::string t) {
    return replaced(t, "\"checkpoint_id\": 3", "\"checkpoint_id\": \"3\"");
  });
  BOOST_TEST(mentions(read_error(dir.path()), "field 'checkpoint_id' must be an integer"));

  edited_manifest(dir, [](std::string t) {
    return replaced(t, "\"parallelism\": 2", "\"parallelism\": -2");
  });
  BOOST_TEST(mentions(read_error(dir.path()), "operators[1].parallelism must be in 1..32768"));

  edited_manifest(dir, [](std::string t) {
    return replaced(t, "\"savepoint\": false", "\"savepoint\": 0");
  });
  BOOST_TEST(mentions(read_error(dir.path()), "field 'savepoint' must be true or false"));
}

BOOST_AUTO_TEST_CASE(part_path_outside_the_directory_is_rejected) {
  for (std::string bad : {"/etc/passwd", "../chk-2/counter/0/keyed", "counter/../../x"}) {
    weir::test::temp_dir dir;
    edited_manifest(dir, [&](std::string t) {
      return replaced(t, "\"counter/0/keyed\"", "\"" + bad + "\"");
    });
    auto e = read_error(dir.path());
    BOOST_TEST_CONTEXT(bad) {
      BOOST_TEST((e.code() == errc::state_error));
      BOOST_TEST(mentions(e, "operators[1].subtasks[0].keyed '" + bad + "'"));
    }
  }
  BOOST_TEST(!part_path_problem("counter/0/keyed"));
  BOOST_TEST(!part_path_problem(""));
  BOOST_TEST(part_path_problem("/abs").has_value());
  BOOST_TEST(part_path_problem("a/../b").has_value());
}

BOOST_AUTO_TEST_CASE(write_refuses_a_manifest_that_would_not_read_back) {
  weir::test::temp_dir dir;
  auto m = sample();
  m.operators[1].subtasks[0].keyed = "/tmp/elsewhere";
  auto e = write_metadata(m, dir.path());
  BOOST_TEST_REQUIRE(e.has_value());
  BOOST_TEST(mentions(*e, "is absolute"));
  BOOST_TEST(!fs::exists(dir.path() / "_metadata"));

  m = sample();
  m.operators[1].subtasks[1].subtask = 2; // parallelism 2: indices 0 and 1
  BOOST_TEST(write_metadata(m, dir.path()).has_value());
  m = sample();
  m.operators.push_back(m.operators[0]);
  BOOST_TEST(mentions(*write_metadata(m, dir.path()), "appears twice"));
}

BOOST_AUTO_TEST_CASE(leftover_temporary_file_from_a_crash_is_ignored) {
  weir::test::temp_dir dir;
  // A writer that died between creating its temporary file and the rename.
  weir::test::write_file(dir.path() / "_metadata.tmp.Ab12Cd", "{\"format\": \"weir-chec");
  BOOST_TEST((read_error(dir.path()).code() == errc::missing_input));
  write_ok(sample(), dir.path());
  BOOST_TEST((read_ok(dir.path()) == sample()));
}

BOOST_AUTO_TEST_CASE(write_over_an_existing_manifest_replaces_it) {
  weir::test::temp_dir dir;
  write_ok(sample(), dir.path());
  auto m = sample();
  m.operators.pop_back();
  m.job_name = "second";
  write_ok(m, dir.path());
  BOOST_TEST((read_ok(dir.path()) == m));
}

BOOST_AUTO_TEST_CASE(moved_savepoint_reads_the_same_with_parts_beside_it) {
  weir::test::temp_dir dir;
  auto from = dir.path() / "savepoint-9f1c0e-1";
  auto m = sample();
  m.savepoint = true;
  write_ok(m, from);
  fs::create_directories(from / "counter/0");
  weir::test::write_file(from / "counter/0/keyed", "part");
  auto to = dir.path() / "elsewhere" / "sp";
  fs::create_directories(to.parent_path());
  fs::copy(from, to, fs::copy_options::recursive);
  fs::remove_all(from);

  auto back = read_ok(to);
  BOOST_TEST((back == m));
  BOOST_TEST(weir::test::read_file(to / back.operators[1].subtasks[0].keyed) == "part");
}

BOOST_AUTO_TEST_SUITE_END()
