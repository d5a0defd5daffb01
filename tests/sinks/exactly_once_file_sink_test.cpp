// The exactly-once file sink's directory after each step of its life, driven by plain calls
// (see sink_instance.hpp): in-progress parts are hidden, pre-committed parts stay hidden,
// committed parts get their final name, and a restore commits, cleans up and numbers on.

#include <boost/test/unit_test.hpp>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "part_files.hpp"
#include "sink_instance.hpp"
#include "weir/test/temp_dir.hpp"
#include "weir/weir.hpp"

using namespace weir;
using weir::test::contents;
using weir::test::names_in;
using weir::test::sink_instance;
using strings = std::vector<std::string>;

namespace {

using text_sink = exactly_once_file_sink_function<std::string>;
using instance = sink_instance<text_sink>;

struct fixture {
  test::temp_dir tmp;
  std::filesystem::path out = tmp.path() / "out";
  std::filesystem::path checkpoints = tmp.path() / "checkpoints";
};

} // namespace

BOOST_FIXTURE_TEST_SUITE(exactly_once_file_sink_test, fixture)

BOOST_AUTO_TEST_CASE(a_part_is_hidden_until_its_checkpoint_completes) {
  instance s{exactly_once_file_sink<std::string>(out.string()), 0, 1};
  BOOST_TEST(names_in(out).empty()); // no record, no file
  s.invoke("a");
  s.invoke("b");
  BOOST_TEST(names_in(out) == strings{".part-0-0.inprogress"});
  s.snapshot(1, checkpoints);
  BOOST_TEST(names_in(out) == strings{".part-0-0.inprogress"}); // pending: synced, hidden
  BOOST_TEST(contents(out / ".part-0-0.inprogress") == "a\nb\n");
  s.invoke("c");
  BOOST_TEST((names_in(out) == strings{".part-0-0.inprogress", ".part-0-1.inprogress"}));
  s.complete(1);
  BOOST_TEST((names_in(out) == strings{".part-0-1.inprogress", "part-0-0"}));
  BOOST_TEST(contents(out / "part-0-0") == "a\nb\n");
  s.snapshot(2, checkpoints);
  s.complete(2);
  BOOST_TEST((names_in(out) == strings{"part-0-0", "part-0-1"}));
  BOOST_TEST(contents(out / "part-0-1") == "c\n");
}

BOOST_AUTO_TEST_CASE(a_checkpoint_interval_without_records_makes_no_part) {
  instance s{exactly_once_file_sink<std::string>(out.string()), 0, 1};
  s.invoke("a");
  s.snapshot(1, checkpoints);
  s.snapshot(2, checkpoints);
  s.complete(2);
  s.invoke("b");
  s.snapshot(3, checkpoints);
  s.complete(3);
  BOOST_TEST((names_in(out) == strings{"part-0-0", "part-0-1"}));
}

BOOST_AUTO_TEST_CASE(the_end_of_input_commits_the_last_part_at_the_final_checkpoint) {
  instance s{exactly_once_file_sink<std::string>(out.string()), 0, 1};
  s.invoke("a");
  s.fn().finish();
  s.fn().close();
  BOOST_TEST(names_in(out) == strings{".part-0-0.inprogress"});
  s.fn().notify_checkpoint_complete(final_checkpoint_id);
  BOOST_TEST(names_in(out) == strings{"part-0-0"});
}

BOOST_AUTO_TEST_CASE(close_without_finish_removes_the_open_part) {
  instance s{exactly_once_file_sink<std::string>(out.string()), 0, 1};
  s.invoke("a");
  s.snapshot(1, checkpoints);
  s.invoke("b");
  s.fn().close();
  BOOST_TEST(names_in(out) == strings{".part-0-0.inprogress"}); // pending, of checkpoint 1
}

BOOST_AUTO_TEST_CASE(a_restore_commits_pending_parts_removes_later_ones_and_reuses_their_names) {
  std::string chk;
  {
    instance s{exactly_once_file_sink<std::string>(out.string()), 0, 1};
    s.invoke("a");
    chk = s.snapshot(1, checkpoints);
    s.invoke("b"); // part 1, after the checkpoint
    s.snapshot(2, checkpoints);
    s.invoke("c"); // part 2
    // fails: checkpoint 2 never completes, no notification of 1 arrived
  }
  BOOST_TEST((names_in(out)
              == strings{".part-0-0.inprogress", ".part-0-1.inprogress", ".part-0-2.inprogress"}));
  instance r{exactly_once_file_sink<std::string>(out.string()), 0, 1, {chk}};
  BOOST_TEST(names_in(out) == strings{"part-0-0"});
  r.invoke("b"); // the replay writes under the same name
  BOOST_TEST((names_in(out) == strings{".part-0-1.inprogress", "part-0-0"}));
  r.invoke("c");
  r.snapshot(3, checkpoints);
  r.complete(3);
  BOOST_TEST((names_in(out) == strings{"part-0-0", "part-0-1"}));
  BOOST_TEST(contents(out / "part-0-1") == "b\nc\n");
}

BOOST_AUTO_TEST_CASE(recovering_a_part_committed_before_the_failure_changes_nothing) {
  std::string chk;
  {
    instance s{exactly_once_file_sink<std::string>(out.string()), 0, 1};
    s.invoke("a");
    chk = s.snapshot(1, checkpoints);
    s.complete(1);
  }
  instance r{exactly_once_file_sink<std::string>(out.string()), 0, 1, {chk}};
  BOOST_TEST(names_in(out) == strings{"part-0-0"});
  BOOST_TEST(contents(out / "part-0-0") == "a\n");
}

BOOST_AUTO_TEST_CASE(a_pending_part_that_vanished_fails_the_restore_naming_it) {
  std::string chk;
  {
    instance s{exactly_once_file_sink<std::string>(out.string()), 0, 1};
    s.invoke("a");
    chk = s.snapshot(1, checkpoints);
  }
  std::filesystem::remove(out / ".part-0-0.inprogress");
  try {
    instance r{exactly_once_file_sink<std::string>(out.string()), 0, 1, {chk}};
    BOOST_FAIL("the restore should fail");
  } catch (const weir_exception& e) {
    BOOST_TEST(e.err().code() == errc::io_error);
    BOOST_TEST(e.err().message().find(".part-0-0.inprogress") != std::string::npos);
  }
}

BOOST_AUTO_TEST_CASE(a_fresh_start_numbers_after_finished_parts_and_removes_its_stale_parts) {
  {
    instance s{exactly_once_file_sink<std::string>(out.string()), 0, 1};
    s.invoke("a");
    s.snapshot(1, checkpoints);
    s.complete(1);
    s.invoke("stale"); // a run that failed before any later checkpoint completed
  }
  instance fresh{exactly_once_file_sink<std::string>(out.string()), 0, 1};
  BOOST_TEST(names_in(out) == strings{"part-0-0"});
  fresh.invoke("b");
  BOOST_TEST((names_in(out) == strings{".part-0-1.inprogress", "part-0-0"}));
}

BOOST_AUTO_TEST_CASE(csv_lines_are_rendered_as_write_as_csv_renders_them) {
  using row = std::tuple<std::string, int>;
  sink_instance<exactly_once_file_sink_function<row>> s{
    exactly_once_file_sink<row>(out.string(), line_format::csv(';')), 0, 1};
  s.invoke({"a;b", 1});
  s.invoke({"plain", 2});
  s.snapshot(1, checkpoints);
  s.complete(1);
  BOOST_TEST(contents(out / "part-0-0") == "\"a;b\";1\nplain;2\n");
  BOOST_CHECK_THROW(line_format::csv('"'), weir_exception);
}

BOOST_AUTO_TEST_CASE(text_lines_are_rendered_as_write_as_text_renders_them) {
  using row = std::pair<std::string, int>;
  sink_instance<exactly_once_file_sink_function<row>> s{exactly_once_file_sink<row>(out.string()),
                                                        0, 1};
  s.invoke({"a", 1});
  s.snapshot(1, checkpoints);
  s.complete(1);
  BOOST_TEST(contents(out / "part-0-0") == "(a,1)\n");
}

BOOST_AUTO_TEST_CASE(a_restore_at_another_parallelism_commits_every_part_once_and_cleans_up) {
  for (int p : {1, 2, 5}) {
    test::temp_dir tmp2;
    auto dir = tmp2.path() / "out";
    std::vector<std::string> chk;
    {
      std::vector<std::unique_ptr<instance>> old;
      for (int i = 0; i < 3; ++i)
        old.push_back(std::make_unique<instance>(exactly_once_file_sink<std::string>(dir.string()),
                                                 i, 3));
      for (int i = 0; i < 3; ++i) {
        old[i]->invoke("r" + std::to_string(i));
        chk.push_back(old[i]->snapshot(1, tmp2.path() / "chk"));
        old[i]->invoke("late" + std::to_string(i)); // after the checkpoint: removed
      }
    }
    std::vector<std::unique_ptr<instance>> restored;
    for (int i = 0; i < p; ++i)
      restored.push_back(std::make_unique<instance>(
        exactly_once_file_sink<std::string>(dir.string()), i, p, chk));
    BOOST_TEST_CONTEXT("parallelism 3 -> " << p) {
      BOOST_TEST((names_in(dir) == strings{"part-0-0", "part-1-0", "part-2-0"}));
      BOOST_TEST((test::committed_lines(dir) == std::multiset<std::string>{"r0", "r1", "r2"}));
      // Instances that existed before number on from their counter; new ones after what exists.
      for (int i = 0; i < p; ++i)
        restored[i]->invoke("next");
      auto hidden = test::hidden_in(dir);
      for (int i = 0; i < p; ++i) {
        auto expected = ".part-" + std::to_string(i) + "-" + (i < 3 ? "1" : "0") + ".inprogress";
        BOOST_TEST((std::find(hidden.begin(), hidden.end(), expected) != hidden.end()),
                   expected);
      }
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()
